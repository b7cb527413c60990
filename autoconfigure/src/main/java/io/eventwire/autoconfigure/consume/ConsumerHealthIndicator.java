package io.eventwire.autoconfigure.consume;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.eventwire.consume.EventConsumers;
import io.eventwire.pause.GroupPause;
import io.eventwire.keyorder.KeyOrder;
import io.eventwire.keyorder.KeyOrders;
import io.eventwire.keyorder.ParkedKeys;
import io.eventwire.retry.CircuitBreaker;
import io.eventwire.retry.ConsumerGroupState;
import io.eventwire.retry.ConsumerGroupStates;
import io.eventwire.retry.DependencyWait;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of the translators' consumer groups ({@code eventwire}): each group's state
 * ({@code RUNNING}, {@code WAITING} for a dependency, or {@code CIRCUIT_OPEN}) with the reason and
 * since when. {@code OUT_OF_SERVICE} while a circuit breaker is open: the service runs but does
 * not handle its events. A group that waits for a dependency leaves the status {@code UP}: the
 * dependency's own health indicator reports the outage.
 * <p>
 * A group paused on every instance shows {@code paused} (by which instance, since when), which
 * leaves the status as it is.
 * <p>
 * With key order, the keys parked behind dead letters are shown too ({@code parked}: keys,
 * events, since when the oldest waits). They leave the status as it is: the service handles
 * every other key, and an operator decides about the dead letters.
 */
public class ConsumerHealthIndicator extends AbstractHealthIndicator {

	static final String RUNNING = "RUNNING";

	static final String WAITING = "WAITING";

	static final String CIRCUIT_OPEN = "CIRCUIT_OPEN";

	private final ConsumerGroupStates states;

	private final @Nullable KeyOrders keyOrders;

	private final Supplier<List<String>> missingPrivileges;

	private final Function<String, EventConsumers.@Nullable Rewind> rewinds;

	private final Function<String, @Nullable GroupPause> pauses;

	/**
	 * @param states the consumer groups' failure states
	 * @param keyOrders each group's keys parked behind dead letters, or {@code null} when key order
	 * is off
	 */
	public ConsumerHealthIndicator(ConsumerGroupStates states, @Nullable KeyOrders keyOrders) {
		this(states, keyOrders, List::of);
	}

	/**
	 * @param states the consumer groups' failure states
	 * @param keyOrders each group's keys parked behind dead letters, or {@code null} when key order
	 * is off
	 * @param missingPrivileges the commands MongoDB refused to the inbox (shown as
	 * {@code missingPrivileges}; they leave the status as it is)
	 */
	public ConsumerHealthIndicator(ConsumerGroupStates states, @Nullable KeyOrders keyOrders,
			Supplier<List<String>> missingPrivileges) {
		this(states, keyOrders, missingPrivileges, (groupId) -> null);
	}

	/**
	 * @param states the consumer groups' failure states
	 * @param keyOrders each group's keys parked behind dead letters, or {@code null}
	 * @param missingPrivileges the commands MongoDB refused to the inbox
	 * @param rewinds each group's latest rewind (shown as {@code rewind} while it is under way or
	 * until the group caught up; it leaves the status as it is)
	 */
	public ConsumerHealthIndicator(ConsumerGroupStates states, @Nullable KeyOrders keyOrders,
			Supplier<List<String>> missingPrivileges, Function<String, EventConsumers.@Nullable Rewind> rewinds) {
		this(states, keyOrders, missingPrivileges, rewinds, (groupId) -> null);
	}

	/**
	 * @param states the consumer groups' failure states
	 * @param keyOrders each group's keys parked behind dead letters, or {@code null}
	 * @param missingPrivileges the commands MongoDB refused to the inbox
	 * @param rewinds each group's latest rewind
	 * @param pauses each group's pause on every instance (shown as {@code paused}, with who paused it
	 * and when, while it holds; it leaves the status as it is: an operator paused it)
	 */
	public ConsumerHealthIndicator(ConsumerGroupStates states, @Nullable KeyOrders keyOrders,
			Supplier<List<String>> missingPrivileges, Function<String, EventConsumers.@Nullable Rewind> rewinds,
			Function<String, @Nullable GroupPause> pauses) {
		super("Consumer health check failed");
		this.states = states;
		this.keyOrders = keyOrders;
		this.missingPrivileges = missingPrivileges;
		this.rewinds = rewinds;
		this.pauses = pauses;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, Object> groups = new TreeMap<>();
		boolean open = false;
		for (ConsumerGroupState state : this.states.all()) {
			CircuitBreaker.Opening opening = state.circuitBreaker().opening();
			DependencyWait.Waiting waiting = state.dependencyWait().waiting();
			Map<String, Object> group = new LinkedHashMap<>();
			if (opening != null) {
				open = true;
				group.put("state", CIRCUIT_OPEN);
				group.put("since", opening.since().toString());
				group.put("reason", opening.reason());
			}
			else if (waiting != null) {
				group.put("state", WAITING);
				group.put("since", waiting.since().toString());
				group.put("reason", waiting.reason());
				group.put("waitingPartitions", waiting.partitions());
			}
			else {
				group.put("state", RUNNING);
			}
			EventConsumers.Rewind rewind = this.rewinds.apply(state.groupId());
			if (rewind != null) {
				group.put("rewind", Map.of("number", rewind.number(), "phase", rewind.phase(), "from",
						rewind.from().toString(), "remaining", rewind.remaining()));
			}
			GroupPause pause = this.pauses.apply(state.groupId());
			if (pause != null && pause.paused()) {
				group.put("paused", Map.of("by", pause.requestedBy(), "since", pause.requestedAt().toString()));
			}
			groups.put(state.groupId(), group);
		}
		builder.status(open ? Status.OUT_OF_SERVICE : Status.UP).withDetail("consumerGroups", groups);
		if (this.keyOrders != null) {
			// Summed over the groups that keep key order.
			int keys = 0;
			int events = 0;
			Instant oldest = null;
			for (KeyOrder keyOrder : this.keyOrders.byGroup().values()) {
				ParkedKeys parkedKeys = keyOrder.keys();
				keys += parkedKeys.keyCount();
				events += parkedKeys.eventCount();
				Instant since = parkedKeys.oldestParkedAt();
				oldest = (since != null && (oldest == null || since.isBefore(oldest))) ? since : oldest;
			}
			Map<String, Object> parked = new LinkedHashMap<>();
			parked.put("keys", keys);
			parked.put("events", events);
			if (oldest != null) {
				parked.put("oldestSince", oldest.toString());
			}
			builder.withDetail("parked", parked);
		}
		List<String> refused = this.missingPrivileges.get();
		if (!refused.isEmpty()) {
			builder.withDetail("missingPrivileges", refused);
		}
	}

}
