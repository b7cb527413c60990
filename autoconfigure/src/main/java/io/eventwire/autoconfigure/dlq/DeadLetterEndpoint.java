package io.eventwire.autoconfigure.dlq;

import java.util.List;

import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code eventwireDlq} actuator endpoint, built on {@link DeadLetters}:
 * <ul>
 * <li>read: the service's pending dead letters, oldest first;</li>
 * <li>write, with {@code {"eventId": "..."}}: replay that dead letter through the retry topic;
 * without an event id: replay all;</li>
 * <li>delete {@code /{eventId}}: discard that dead letter.</li>
 * </ul>
 */
@Endpoint(id = "eventwireDlq")
public class DeadLetterEndpoint {

	private final DeadLetters deadLetters;

	/**
	 * @param deadLetters the service's dead letters
	 */
	public DeadLetterEndpoint(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	/**
	 * @return the pending dead letters of this service
	 */
	@ReadOperation
	public List<DeadLetter> deadLetters() {
		return this.deadLetters.list();
	}

	/**
	 * @param eventId the dead letter to replay, or none to replay all
	 * @return the replayed dead letters
	 */
	@WriteOperation
	public List<DeadLetter> replay(@Nullable String eventId) {
		return (eventId != null) ? List.of(this.deadLetters.replay(eventId)) : this.deadLetters.replayAll();
	}

	/**
	 * @param eventId the dead letter to discard
	 * @return the discarded dead letter
	 */
	@DeleteOperation
	public DeadLetter discard(@Selector String eventId) {
		return this.deadLetters.discard(eventId);
	}

}
