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
 * <li>write, with {@code {"eventId": "..."}}: replay that dead letter through the retry topic; with
 * {@code {"replayAll": true}}: replay all of them. A write that says neither replays nothing and is
 * refused, so that an empty request cannot replay everything;</li>
 * <li>delete {@code /{eventId}}: discard that dead letter.</li>
 * </ul>
 * Over HTTP ({@link DeadLetterEndpointWebExtension}), a dead letter that does not exist is a 404, one
 * that cannot be replayed or discarded yet a 409, a write that names nothing a 400, each with the
 * reason in the body.
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
	 * @param eventId the dead letter to replay
	 * @param replayAll {@code true} to replay every pending dead letter (instead of one)
	 * @return the replayed dead letters
	 * @throws IllegalArgumentException if neither, or both, are given
	 */
	@WriteOperation
	public List<DeadLetter> replay(@Nullable String eventId, @Nullable Boolean replayAll) {
		boolean all = Boolean.TRUE.equals(replayAll);
		if ((eventId == null || eventId.isBlank()) == !all) {
			throw new IllegalArgumentException("Nothing replayed: give \"eventId\" to replay one dead letter, or "
					+ "\"replayAll\": true to replay every pending one (not both)");
		}
		return all ? this.deadLetters.replayAll() : List.of(this.deadLetters.replay(eventId));
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
