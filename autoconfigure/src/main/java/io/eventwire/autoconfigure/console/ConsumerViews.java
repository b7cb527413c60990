package io.eventwire.autoconfigure.console;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.eventwire.autoconfigure.console.ConsumerLag.PartitionLag;
import io.eventwire.consume.EventConsumers;
import io.eventwire.consume.EventConsumers.ConsumerGroup;
import io.eventwire.retry.CircuitBreaker;
import io.eventwire.retry.ConsumerGroupStates;
import io.eventwire.retry.DependencyWait;
import org.jspecify.annotations.Nullable;

/**
 * What the console shows of the consumer groups: each one's state, with the reason and since
 * when, and its lag per partition.
 */
final class ConsumerViews {

	private final EventConsumers consumers;

	private final @Nullable ConsumerGroupStates states;

	private final ConsumerLag lag;

	private final boolean rewindable;

	ConsumerViews(EventConsumers consumers, @Nullable ConsumerGroupStates states, ConsumerLag lag, boolean rewindable) {
		this.consumers = consumers;
		this.states = states;
		this.lag = lag;
		this.rewindable = rewindable;
	}

	Listing list() {
		List<ConsumerGroup> groups = this.consumers.groups();
		Map<String, List<String>> topics = new LinkedHashMap<>();
		groups.forEach((group) -> topics.put(group.groupId(), group.topics()));
		Map<String, List<PartitionLag>> lags = Map.of();
		String lagFailure = null;
		try {
			lags = this.lag.of(topics);
		}
		catch (RuntimeException ex) {
			lagFailure = ex.getMessage();
		}
		Map<String, List<PartitionLag>> found = lags;
		List<Group> views = groups.stream()
			.map((group) -> view(group, found.getOrDefault(group.groupId(), List.of())))
			.toList();
		return new Listing(views, this.rewindable, lagFailure);
	}

	private Group view(ConsumerGroup group, List<PartitionLag> partitions) {
		// A group held paused at startup until the pauses are read was not paused by anyone: RUNNING.
		String state = !group.running() ? "STOPPED"
				: !group.pauseRequested() ? "RUNNING" : group.paused() ? "PAUSED" : "PAUSING";
		String reason = null;
		Instant since = null;
		if (this.states != null) {
			CircuitBreaker.Opening opening = this.states.forGroup(group.groupId()).circuitBreaker().opening();
			DependencyWait.Waiting waiting = this.states.forGroup(group.groupId()).dependencyWait().waiting();
			if (opening != null) {
				state = "CIRCUIT_OPEN";
				reason = opening.reason();
				since = opening.since();
			}
			else if (waiting != null) {
				state = "WAITING";
				reason = waiting.reason() + " (" + waiting.partitions() + " partitions wait)";
				since = waiting.since();
			}
		}
		long total = partitions.stream().mapToLong(PartitionLag::lag).sum();
		return new Group(group.groupId(), group.topics(), state, reason, since, group.pauseRequested(), group.inFlight(),
				group.queued(), total, partitions, group.rewind());
	}

	/**
	 * The groups, whether they can be rewound here, and why the lag is missing, if it is.
	 */
	record Listing(List<Group> groups, boolean rewindable, @Nullable String lagFailure) {
	}

	/**
	 * One consumer group: {@code state} is RUNNING, PAUSING, PAUSED, STOPPED, WAITING (for a
	 * dependency) or CIRCUIT_OPEN.
	 */
	record Group(String groupId, List<String> topics, String state, @Nullable String reason, @Nullable Instant since,
			boolean pauseRequested, int inFlight, int queued, long lag, List<PartitionLag> partitions,
			EventConsumers.@Nullable Rewind rewind) {
	}

}
