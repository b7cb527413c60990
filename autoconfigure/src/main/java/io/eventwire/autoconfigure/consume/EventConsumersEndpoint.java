package io.eventwire.autoconfigure.consume;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.eventwire.consume.EventConsumers;
import io.eventwire.rewind.RewindFailedException;
import io.eventwire.consume.EventConsumers.ConsumerGroup;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code eventwireConsumers} actuator endpoint, built on {@link EventConsumers}:
 * <ul>
 * <li>read: eventwire's consumer groups, their topics and whether they run or are paused;</li>
 * <li>write {@code /{groupId}} with {@code {"action": "pause"}} or {@code {"action": "resume"}}:
 * pause or resume that group (404 for an unknown group, 400 for another action);</li>
 * <li>write {@code /{groupId}} with {@code {"action": "rewind", "from": "2026-12-01T00:00:00Z"}} (no
 * {@code from}: the beginning): rewind the group on every instance (409 when it cannot be rewound
 * now or the rewind was aborted, with the reason).</li>
 * </ul>
 * Read-only unless {@code management.endpoint.eventwireConsumers.access=unrestricted}.
 */
@Endpoint(id = "eventwireConsumers", defaultAccess = Access.READ_ONLY)
public class EventConsumersEndpoint {

	private final EventConsumers consumers;

	/**
	 * @param consumers eventwire's consumers
	 */
	public EventConsumersEndpoint(EventConsumers consumers) {
		this.consumers = consumers;
	}

	/**
	 * @return eventwire's consumer groups
	 */
	@ReadOperation
	public List<ConsumerGroup> groups() {
		return this.consumers.groups();
	}

	/**
	 * @param groupId the consumer group
	 * @param action {@code pause}, {@code resume} or {@code rewind}
	 * @param from for a rewind, the time to go back to (ISO-8601); the beginning when absent
	 * @return the group afterwards, or the reason it could not be changed
	 */
	@WriteOperation
	public WebEndpointResponse<Object> change(@Selector String groupId, String action, @Nullable String from) {
		try {
			return switch (action) {
				case "pause" -> new WebEndpointResponse<>(this.consumers.pause(groupId));
				case "resume" -> new WebEndpointResponse<>(this.consumers.resume(groupId));
				case "rewind" -> new WebEndpointResponse<>(
						this.consumers.rewind(groupId, (from != null) ? Instant.parse(from) : Instant.EPOCH));
				default -> error("action must be 'pause', 'resume' or 'rewind', not '" + action + "'",
						WebEndpointResponse.STATUS_BAD_REQUEST);
			};
		}
		catch (NoSuchElementException ex) {
			return error(ex.getMessage(), WebEndpointResponse.STATUS_NOT_FOUND);
		}
		catch (DateTimeParseException ex) {
			return error("from must be an ISO-8601 instant such as 2026-12-01T00:00:00Z: " + ex.getMessage(),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		catch (IllegalStateException | RewindFailedException | UnsupportedOperationException ex) {
			return error(ex.getMessage(), 409);
		}
	}

	private static WebEndpointResponse<Object> error(@Nullable String message, int status) {
		return new WebEndpointResponse<>(Map.of("error", String.valueOf(message)), status);
	}

}
