package io.eventwire.autoconfigure.consume;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.eventwire.consume.EventConsumers;
import io.eventwire.consume.EventConsumers.ConsumerGroup;
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
 * pause or resume that group (404 for an unknown group, 400 for another action).</li>
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
	 * @param action {@code pause} or {@code resume}
	 * @return the group afterwards, or the reason it could not be changed
	 */
	@WriteOperation
	public WebEndpointResponse<Object> change(@Selector String groupId, String action) {
		try {
			return switch (action) {
				case "pause" -> new WebEndpointResponse<>(this.consumers.pause(groupId));
				case "resume" -> new WebEndpointResponse<>(this.consumers.resume(groupId));
				default -> new WebEndpointResponse<>(Map.of("error", "action must be 'pause' or 'resume', not '" + action + "'"),
						WebEndpointResponse.STATUS_BAD_REQUEST);
			};
		}
		catch (NoSuchElementException ex) {
			return new WebEndpointResponse<>(Map.of("error", String.valueOf(ex.getMessage())),
					WebEndpointResponse.STATUS_NOT_FOUND);
		}
	}

}
