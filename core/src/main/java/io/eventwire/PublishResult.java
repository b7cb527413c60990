package io.eventwire;

/**
 * Where an acknowledged event was written.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the offset in that partition
 * @param eventId the event id sent in the {@code event_id} header
 * @param correlationId the correlation id sent in the {@code correlation_id} header
 */
public record PublishResult(String topic, int partition, long offset, String eventId, String correlationId) {
}
