package io.eventwire.keyorder;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An event held back because an earlier event of its key is a dead letter. Only what identifies
 * it is kept in memory; the record itself (value and headers) stays in the parking topic, at
 * {@link #logOffset()}, until its key is released.
 *
 * @param key the event's topic and key
 * @param id where it was read
 * @param parkedAt when it was parked
 * @param eventId its {@code event_id}, or {@code null}
 * @param type its {@code type}, or {@code null}
 * @param correlationId its {@code correlation_id}, or {@code null}
 * @param size the size of its value in bytes
 * @param logOffset where its copy is in the parking topic
 */
public record ParkedEvent(TopicKey key, ParkedId id, Instant parkedAt, @Nullable String eventId, @Nullable String type,
		@Nullable String correlationId, int size, long logOffset) {

}
