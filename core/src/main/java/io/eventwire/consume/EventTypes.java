package io.eventwire.consume;

import io.eventwire.EventHeaders;
import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.LogSafe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

import static io.eventwire.internal.RecordDescriptions.coordinates;

/**
 * What an event type is: at most {@value EventHeaders#MAX_TYPE_LENGTH} characters of valid UTF-8
 * without control characters. Declared types are checked at startup, the type header of a record
 * no handler matched as it arrives.
 */
final class EventTypes {

	private EventTypes() {
	}

	/**
	 * @param record a record no handler matched
	 * @param typeHeader its (last) type header, or {@code null} when it has none
	 * @return its type
	 * @throws MissingEventTypeException if it has no type
	 * @throws InvalidEventTypeException if its type header holds no event type
	 */
	static String checked(ConsumerRecord<String, byte[]> record, @Nullable Header typeHeader) {
		String type = HeaderValues.text(typeHeader);
		if (type == null || type.isEmpty()) {
			throw new MissingEventTypeException("Record " + coordinates(record) + " has no '" + EventHeaders.TYPE
					+ "' header, so no handler can be chosen");
		}
		String malformed = malformation(type);
		if (malformed != null) {
			throw new InvalidEventTypeException("Record " + coordinates(record) + " has a '" + EventHeaders.TYPE
					+ "' header that is not an event type (" + malformed + "): " + LogSafe.escape(type));
		}
		return type;
	}

	/**
	 * @return what makes the value no event type, or {@code null} when it is one
	 */
	static @Nullable String malformation(String type) {
		if (type.length() > EventHeaders.MAX_TYPE_LENGTH) {
			return type.length() + " characters, more than " + EventHeaders.MAX_TYPE_LENGTH;
		}
		for (int i = 0; i < type.length(); i++) {
			char c = type.charAt(i);
			if (c == '\uFFFD') {
				return "not valid UTF-8";
			}
			if (Character.isISOControl(c)) {
				return "control characters";
			}
		}
		return null;
	}

}
