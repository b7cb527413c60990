package io.eventwire.internal;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Reads Kafka header values as the wire format writes them: UTF-8 text.
 */
public final class HeaderValues {

	private HeaderValues() {
	}

	/**
	 * @param headers a record's headers
	 * @param name a header name
	 * @return the last value of the header as UTF-8 text, or {@code null} when it is absent or has
	 * no value
	 */
	public static @Nullable String get(Headers headers, String name) {
		return text(headers.lastHeader(name));
	}

	/**
	 * @param header a header, or {@code null}
	 * @return its value as UTF-8 text, or {@code null} when there is no header or it has no value
	 */
	public static @Nullable String text(@Nullable Header header) {
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	/**
	 * @param record a consumed record
	 * @param name a header name
	 * @return the last value of the header as UTF-8 text, or {@code null} when it is absent or has
	 * no value
	 */
	public static @Nullable String get(ConsumerRecord<?, ?> record, String name) {
		return get(record.headers(), name);
	}

}
