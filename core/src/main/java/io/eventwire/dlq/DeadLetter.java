package io.eventwire.dlq;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An event on the dead-letter topic, as an operator sees it.
 *
 * @param eventId the dead letter's own event id
 * @param originalEventId the event id of the event that failed
 * @param key the event's key
 * @param type the event type
 * @param originalTopic the topic the event was consumed from
 * @param correlationId the event's correlation id
 * @param service the service that failed to handle it
 * @param exceptionClass the simple class name of the first failure
 * @param exceptionMessage the message of the first failure
 * @param failedAt when the service gave up on the event, if recorded
 * @param attempts how often handling was attempted, or 0 when not recorded
 * @param partition the dead letter's partition in the dead-letter topic
 * @param offset the dead letter's offset in that partition
 * @param payload the payload as UTF-8 text
 */
public record DeadLetter(String eventId, String originalEventId, @Nullable String key, String type,
		String originalTopic, String correlationId, String service, String exceptionClass, String exceptionMessage,
		@Nullable Instant failedAt, int attempts, int partition, long offset, @Nullable String payload) {

	/**
	 * @return why the event failed: the exception's class and message
	 */
	public String reason() {
		return this.exceptionClass + ": " + this.exceptionMessage;
	}

}
