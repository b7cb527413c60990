package io.eventwire.autoconfigure.dlq;

import java.util.List;

import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetterPage;
import io.eventwire.dlq.DeadLetterQuery;
import io.eventwire.dlq.DeadLetterSummary;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.dlq.ReplayOptions;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code eventwireDlq} actuator endpoint, built on {@link DeadLetters}:
 * <ul>
 * <li>read: a summary (per original topic, type and exception class) and a page of the service's
 * pending dead letters, oldest first, filtered by {@code originalTopic}, {@code type},
 * {@code exceptionClass} or {@code key} ({@code page} from 0, {@code size} up to 500, 50 by
 * default);</li>
 * <li>write, with {@code {"eventId": "..."}}: replay that dead letter through the retry topic (with
 * {@code "dryRun": true}, only show what would be published; with {@code "payload": {...}}, publish
 * that corrected payload instead); with {@code {"replayAll": true}}: replay all of them. A write that
 * says neither replays nothing and is refused, so that an empty request cannot replay everything;</li>
 * <li>delete {@code /{eventId}}: discard that dead letter.</li>
 * </ul>
 * Over HTTP ({@link DeadLetterEndpointWebExtension}), a dead letter that does not exist is a 404, one
 * that cannot be replayed or discarded yet a 409, a request that names nothing or a corrected
 * payload that is not JSON a 400, each with the reason in the body.
 * <p>
 * Read-only unless {@code management.endpoint.eventwireDlq.access=unrestricted}: replaying and
 * discarding change what the service does, so they are not open to whoever reaches the endpoint.
 */
@Endpoint(id = "eventwireDlq", defaultAccess = Access.READ_ONLY)
public class DeadLetterEndpoint {

	private final DeadLetters deadLetters;

	/**
	 * @param deadLetters the service's dead letters
	 */
	public DeadLetterEndpoint(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	/**
	 * @param originalTopic only dead letters of events from this topic
	 * @param type only dead letters of this event type
	 * @param exceptionClass only dead letters of this (simple) exception class
	 * @param key only dead letters of this key
	 * @param page the page, from 0
	 * @param size the page size
	 * @return the summary of all pending dead letters and the page asked for
	 */
	@ReadOperation
	public Listing deadLetters(@Nullable String originalTopic, @Nullable String type, @Nullable String exceptionClass,
			@Nullable String key, @Nullable Integer page, @Nullable Integer size) {
		DeadLetterPage found = this.deadLetters.page(new DeadLetterQuery(originalTopic, type, exceptionClass, key,
				(page != null) ? page : 0, (size != null) ? size : DeadLetterQuery.DEFAULT_SIZE));
		return new Listing(this.deadLetters.summary(), found.page(), found.size(), found.total(), found.deadLetters());
	}

	/**
	 * @param eventId the dead letter to replay
	 * @param replayAll {@code true} to replay every pending dead letter (instead of one)
	 * @param dryRun {@code true} to only show what replaying {@code eventId} would publish
	 * @param payload a corrected payload (JSON) to replay {@code eventId} with
	 * @return for one dead letter, what was (or would be) published; for all, the dead letters replayed
	 * @throws IllegalArgumentException if neither, or both, of {@code eventId} and {@code replayAll}
	 * are given, or the payload is not JSON
	 */
	@WriteOperation
	public Object replay(@Nullable String eventId, @Nullable Boolean replayAll, @Nullable Boolean dryRun,
			@Nullable Object payload) {
		boolean all = Boolean.TRUE.equals(replayAll);
		if ((eventId == null || eventId.isBlank()) == !all) {
			throw new IllegalArgumentException("Nothing replayed: give \"eventId\" to replay one dead letter, or "
					+ "\"replayAll\": true to replay every pending one (not both)");
		}
		if (all) {
			return this.deadLetters.replayAll();
		}
		return this.deadLetters.replay(eventId, new ReplayOptions(Boolean.TRUE.equals(dryRun), json(payload)));
	}

	// A corrected payload arrives bound (an object, a list, a number) or as JSON text.
	private static @Nullable String json(@Nullable Object payload) {
		if (payload == null || payload instanceof String) {
			return (String) payload;
		}
		return JsonMapper.shared().writeValueAsString(payload);
	}

	/**
	 * @param eventId the dead letter to discard
	 * @return the discarded dead letter
	 */
	@DeleteOperation
	public DeadLetter discard(@Selector String eventId) {
		return this.deadLetters.discard(eventId);
	}

	/**
	 * What the endpoint lists.
	 *
	 * @param summary all pending dead letters, summed up
	 * @param page the page, from 0
	 * @param size the page size
	 * @param total how many pending dead letters match the filters
	 * @param deadLetters the dead letters of the page, oldest first, with their payloads
	 */
	public record Listing(DeadLetterSummary summary, int page, int size, long total, List<DeadLetter> deadLetters) {
	}

}
