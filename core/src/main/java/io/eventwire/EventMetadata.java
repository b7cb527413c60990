package io.eventwire;

import java.time.Instant;
import java.util.Map;

import io.eventwire.internal.LazyHeaderMap;
import org.jspecify.annotations.Nullable;

/**
 * What a handler may know about the event it handles, without depending on Kafka's types.
 *
 * @param topic the topic the event was published to; for an event replayed through the
 * service's retry topic, the original topic
 * @param type the event type (the {@code type} header)
 * @param key the record key, or {@code null} when the record has none
 * @param eventId the event id (the {@code event_id} header); generated when the header was
 * missing or malformed
 * @param correlationId the correlation id (the {@code correlation_id} header); generated when the
 * header was missing or invalid
 * @param partition the partition the record was read from
 * @param offset the record's offset in that partition
 * @param timestamp the record's timestamp
 * @param headers all headers of the record, decoded as UTF-8 (the last value wins for a header
 * that occurs more than once); unmodifiable
 * @param replay whether the event is handled again because its consumer group was rewound
 * ({@code EventConsumers.rewind}); false for first handlings and for replayed dead letters
 */
public record EventMetadata(String topic, String type, @Nullable String key, String eventId, String correlationId,
		int partition, long offset, Instant timestamp, Map<String, String> headers, boolean replay) {

	public EventMetadata {
		// The dispatcher's map decodes the headers when first read, and is unmodifiable already.
		headers = (headers instanceof LazyHeaderMap) ? headers : Map.copyOf(headers);
	}

	/**
	 * The metadata of an event handled for the first time.
	 * @param topic the topic
	 * @param type the event type
	 * @param key the key, or {@code null}
	 * @param eventId the event id
	 * @param correlationId the correlation id
	 * @param partition the partition
	 * @param offset the offset
	 * @param timestamp the record's timestamp
	 * @param headers all headers
	 */
	public EventMetadata(String topic, String type, @Nullable String key, String eventId, String correlationId,
			int partition, long offset, Instant timestamp, Map<String, String> headers) {
		this(topic, type, key, eventId, correlationId, partition, offset, timestamp, headers, false);
	}

	/**
	 * @return whether the event is handled again because its consumer group was rewound
	 */
	public boolean isReplay() {
		return this.replay;
	}

}
