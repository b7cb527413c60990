package io.eventwire.dlq;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An event on the dead-letter topic, as an operator sees it; or an event parked behind one
 * ({@link #parkedBehind()} is set), which is not a dead letter but waits until the one it is
 * parked behind is replayed and handled, or discarded.
 *
 * @param eventId the dead letter's own event id
 * @param originalEventId the event id of the event that failed
 * @param key the event's key
 * @param type the event type
 * @param originalTopic the topic the event was consumed from
 * @param correlationId the event's correlation id
 * @param service the service that failed to handle it
 * @param consumerGroup the consumer group that failed to handle it, and to which a replay goes
 * (the service's group for a dead letter that does not say, such as one written by hexkit)
 * @param exceptionClass the simple class name of the first failure
 * @param exceptionMessage the message of the first failure
 * @param failedAt when the service gave up on the event, if recorded (for a parked event: when it
 * was parked)
 * @param attempts how often handling was attempted, or 0 when not recorded
 * @param partition the dead letter's partition in the dead-letter topic (for a parked event: its
 * partition in the original topic)
 * @param offset the dead letter's offset in that partition
 * @param payload the payload as UTF-8 text ({@code null} for a parked event: it stays in the
 * parking topic)
 * @param parkedBehind for a parked event: the event id of the dead letter it waits behind (empty
 * while its key is being released); {@code null} for a dead letter
 */
public record DeadLetter(String eventId, String originalEventId, @Nullable String key, String type,
		String originalTopic, String correlationId, String service, String consumerGroup, String exceptionClass,
		String exceptionMessage,
		@Nullable Instant failedAt, int attempts, int partition, long offset, @Nullable String payload,
		@Nullable String parkedBehind) {

	/**
	 * @return why the event failed (the exception's class and message), or for a parked event,
	 * what it waits for
	 */
	public String reason() {
		if (this.parkedBehind == null) {
			return this.exceptionClass + ": " + this.exceptionMessage;
		}
		return this.parkedBehind.isEmpty() ? "Parked: being released through the retry topic, in order"
				: "Parked behind dead letter " + this.parkedBehind + ": an earlier event of key '" + this.key
						+ "' failed, and this one waits until that is replayed and handled, or discarded";
	}

	/**
	 * @return whether this is an event parked behind a dead letter rather than a dead letter
	 */
	public boolean isParked() {
		return this.parkedBehind != null;
	}

}
