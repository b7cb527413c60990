package io.eventwire.keyorder;

import java.time.Instant;
import java.util.List;

import io.eventwire.EventHeaders;
import io.eventwire.internal.HeaderValues;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * An event held back because an earlier event of its key is a dead letter: the record as it was
 * read, to be handled once the key is released.
 *
 * @param key the event's topic and key
 * @param id where it was read
 * @param parkedAt when it was parked
 * @param value the record's value
 * @param headers the record's headers
 */
public record ParkedEvent(TopicKey key, ParkedId id, Instant parkedAt, byte @Nullable [] value, List<Header> headers) {

	/**
	 * @return the event's {@code event_id}, or {@code null}
	 */
	public @Nullable String eventId() {
		return header(EventHeaders.EVENT_ID);
	}

	/**
	 * @return the event's {@code type}, or {@code null}
	 */
	public @Nullable String type() {
		return header(EventHeaders.TYPE);
	}

	/**
	 * @param name a header name
	 * @return the last value of that header, or {@code null}
	 */
	public @Nullable String header(String name) {
		return HeaderValues.get(new RecordHeaders(this.headers.toArray(Header[]::new)), name);
	}

}
