package io.eventwire.rewind;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import io.eventwire.consume.EventListenerContainers;
import io.eventwire.consume.Rewinds;
import io.eventwire.internal.LogSafe;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.Assert;

/**
 * Rewinds a consumer group on every instance of the service. Through the rewinds topic it asks every
 * instance to stop the group's consumers ({@link RewindState.Phase#STOPPING}; instances that start
 * meanwhile leave it stopped) and waits until Kafka reports the group empty; then it runs the
 * group's {@code @OnRewind} methods, moves the group's committed offsets back to the first offset
 * at or after the time asked for (never forward), and tells every instance to start the group again
 * ({@link RewindState.Phase#REWOUND}), with the offsets the group had reached, below which events
 * are rewound events. Any failure before the offsets moved aborts it
 * ({@link RewindState.Phase#ABORTED}): nothing moved, and the group continues where it was.
 */
public final class GroupRewinder implements Rewinds {

	private static final Logger logger = LoggerFactory.getLogger(GroupRewinder.class);

	private final RewindLog log;

	private final EventListenerContainers containers;

	private final Supplier<Admin> admins;

	private final String instance;

	private final Duration timeout;

	private final Clock clock;

	private final ToLongFunction<String> deadLetters;

	/**
	 * @param log the rewinds topic
	 * @param containers the groups and their translators
	 * @param admins creates an admin client for each rewind
	 * @param instance this instance's name, written to the state
	 * @param timeout how long the group's instances may take to stop
	 * @param clock tells when
	 * @param deadLetters counts a group's dead letters that were neither replayed nor discarded
	 */
	public GroupRewinder(RewindLog log, EventListenerContainers containers, Supplier<Admin> admins, String instance,
			Duration timeout, Clock clock, ToLongFunction<String> deadLetters) {
		this.log = log;
		this.containers = containers;
		this.admins = admins;
		this.instance = instance;
		this.timeout = timeout;
		this.clock = clock;
		this.deadLetters = deadLetters;
	}

	@Override
	public void rewind(String groupId, Instant from) {
		Set<String> topics = this.containers.getRegistry().topics(groupId);
		Assert.isTrue(!topics.isEmpty(), () -> "No eventwire consumer group '" + groupId + "'");
		long pending = this.deadLetters.applyAsLong(groupId);
		if (pending > 0) {
			// Their events are handled again by the rewind; replayed afterwards, the inbox would skip them.
			throw new IllegalStateException("Consumer group '" + groupId + "' has " + pending + " dead letter(s): replay "
					+ "or discard them before rewinding it");
		}
		RewindState latest = this.log.state(groupId).orElse(null);
		// A rewind still stopping long after it began lost the instance that asked for it: a new one may start.
		if (latest != null && latest.phase() == RewindState.Phase.STOPPING
				&& !latest.isStale(this.clock.instant(), this.timeout.multipliedBy(2))) {
			throw new IllegalStateException("Consumer group '" + groupId + "' is being rewound already (rewind "
					+ latest.rewind() + ", asked for by " + latest.requestedBy() + ")");
		}
		RewindState stopping = new RewindState(groupId, (latest != null) ? latest.rewind() + 1 : 1,
				RewindState.Phase.STOPPING, from, this.clock.instant(), this.instance, Map.of(), null, null);
		logger.info("Rewinding consumer group '{}' to {} (rewind {}): stopping its consumers on every instance",
				groupId, from, stopping.rewind());
		this.log.publish(stopping);
		Map<TopicPartition, Long> reached;
		Map<TopicPartition, OffsetAndMetadata> back = new LinkedHashMap<>();
		try (Admin admin = this.admins.get()) {
			GroupOffsets offsets = new GroupOffsets(admin, groupId, this.timeout);
			offsets.awaitEmpty();
			reached = offsets.committed(topics);
			offsets.firstAtOrAfter(reached.keySet(), from)
				.forEach((partition, offset) -> back.put(partition,
						new OffsetAndMetadata(Math.min(offset, reached.get(partition)), "eventwire-rewind-" + stopping.rewind())));
			int ran = this.containers.getRegistry().runRewindHandlers(groupId);
			logger.info("Consumer group '{}' ran {} @OnRewind method(s) for rewind {}", groupId, ran, stopping.rewind());
			offsets.moveTo(back);
		}
		catch (RuntimeException ex) {
			String reason = LogSafe.escape(ex.toString());
			publishSurely(stopping.next(RewindState.Phase.ABORTED, Map.of(), reason));
			logger.warn("Rewind {} of consumer group '{}' aborted, nothing moved: {}", stopping.rewind(), groupId, reason);
			throw new RewindFailedException("Rewind of consumer group '" + groupId + "' aborted, nothing moved: " + reason,
					ex);
		}
		Map<String, Long> boundaries = new LinkedHashMap<>();
		reached.forEach((partition, offset) -> boundaries
			.put(RewindState.partitionKey(partition.topic(), partition.partition()), offset));
		publishSurely(stopping.next(RewindState.Phase.REWOUND, boundaries, null));
		long again = back.entrySet().stream().mapToLong((entry) -> reached.get(entry.getKey()) - entry.getValue().offset()).sum();
		logger.info("Consumer group '{}' rewound to {} (rewind {}): {} events to handle again", groupId, from,
				stopping.rewind(), again);
	}

	// The instances wait for this state to start the group again: a passing failure must not keep it stopped.
	private void publishSurely(RewindState state) {
		RuntimeException failure = null;
		for (int attempt = 1; attempt <= 5; attempt++) {
			try {
				this.log.publish(state);
				return;
			}
			catch (RuntimeException ex) {
				failure = ex;
				logger.warn("Writing rewind {} of consumer group '{}' ({}) failed, attempt {} of 5: {}", state.rewind(),
						state.groupId(), state.phase(), attempt, LogSafe.escape(ex.toString()));
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					break;
				}
			}
		}
		throw new IllegalStateException("Rewind " + state.rewind() + " of consumer group '" + state.groupId()
				+ "' could not be marked " + state.phase() + ": the group's consumers stay stopped until the rewind "
				+ "counts as lost (4 minutes) and the instances restart, or a new rewind is asked for", failure);
	}

}
