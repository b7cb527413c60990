package io.eventwire.rewind;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.eventwire.consume.EventConsumers;
import io.eventwire.internal.LogSafe;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * How far the rewound groups are: every few seconds, per group being handled again, the events
 * that remain below the offsets it had reached (from the group's committed offsets). The instance
 * that asked for a rewind marks it {@link RewindState.Phase#CAUGHT_UP} when none remain, and logs
 * it once.
 */
public final class RewindProgress implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RewindProgress.class);

	private final RewindLog log;

	private final Supplier<Admin> admins;

	private final String instance;

	private final Duration period;

	private final Clock clock;

	private final Map<String, Long> remaining = new ConcurrentHashMap<>();

	private @Nullable ScheduledExecutorService scheduler;

	private @Nullable Admin admin;

	/**
	 * @param log the rewinds topic
	 * @param admins creates the admin client it asks with
	 * @param instance this instance's name
	 * @param period how often it looks
	 * @param clock tells when a group caught up
	 */
	public RewindProgress(RewindLog log, Supplier<Admin> admins, String instance, Duration period, Clock clock) {
		this.log = log;
		this.admins = admins;
		this.instance = instance;
		this.period = period;
		this.clock = clock;
		log.addListener((state) -> {
			if (state.phase() == RewindState.Phase.CAUGHT_UP && instance.equals(state.requestedBy())) {
				if (state.rewind() == 0) {
					logger.info("Consumer group '{}' caught up with the events before its first start", state.groupId());
				}
				else {
					logger.info("Consumer group '{}' caught up after rewind {} to {}: it handled its events again up to "
							+ "where it was, and goes on with new ones", state.groupId(), state.rewind(), state.from());
				}
			}
		});
	}

	/**
	 * @param groupId a consumer group
	 * @return its latest rewind, with the events that remain; {@code null} if it was never rewound
	 */
	public EventConsumers.@Nullable Rewind of(String groupId) {
		RewindState state = this.log.state(groupId).orElse(null);
		if (state == null) {
			return null;
		}
		long left = switch (state.phase()) {
			case REWOUND -> this.remaining.getOrDefault(groupId, -1L);
			case CAUGHT_UP -> 0;
			default -> -1;
		};
		return new EventConsumers.Rewind(state.rewind(), state.phase().name(), state.from(), state.requestedAt(),
				state.requestedBy(), left, state.caughtUpAt(), state.reason());
	}

	/**
	 * @param groupId a consumer group
	 * @return the events it has yet to handle again; 0 when it is not rewinding
	 */
	public long remaining(String groupId) {
		RewindState state = this.log.state(groupId).orElse(null);
		return (state != null && state.phase() == RewindState.Phase.REWOUND)
				? Math.max(0, this.remaining.getOrDefault(groupId, 0L)) : 0;
	}

	private void look() {
		// No group being handled again: no admin client kept open, idle, for the rest of the run.
		if (this.log.states().stream().noneMatch((state) -> state.phase() == RewindState.Phase.REWOUND)) {
			closeAdmin();
			return;
		}
		for (RewindState state : this.log.states()) {
			if (state.phase() != RewindState.Phase.REWOUND) {
				continue;
			}
			try {
				long left = left(state);
				this.remaining.put(state.groupId(), left);
				if (left == 0 && this.instance.equals(state.requestedBy())) {
					this.log.publish(state.caughtUp(this.clock.instant()));
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Could not tell how far consumer group '{}' is: {}", state.groupId(),
						LogSafe.escape(ex.toString()));
			}
		}
	}

	private long left(RewindState state) {
		if (this.admin == null) {
			this.admin = this.admins.get();
		}
		Map<TopicPartition, Long> committed = new GroupOffsets(this.admin, state.groupId(), this.period.multipliedBy(5))
			.committed(state.boundaries().keySet().stream().map((key) -> key.substring(0, key.lastIndexOf('/'))).collect(
					java.util.stream.Collectors.toSet()));
		Map<String, Long> at = new java.util.HashMap<>();
		committed.forEach((partition, offset) -> at.put(RewindState.partitionKey(partition.topic(), partition.partition()),
				offset));
		// A partition a new group has not committed yet: all of it is left (from its start, at most).
		return state.boundaries()
			.entrySet()
			.stream()
			.mapToLong((boundary) -> Math.max(0, boundary.getValue() - at.getOrDefault(boundary.getKey(), 0L)))
			.sum();
	}

	@Override
	public void start() {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "eventwire-rewind-progress");
			thread.setDaemon(true);
			return thread;
		});
		scheduler.scheduleWithFixedDelay(this::look, this.period.toMillis(), this.period.toMillis(), TimeUnit.MILLISECONDS);
		this.scheduler = scheduler;
	}

	@Override
	public void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
		closeAdmin();
	}

	private void closeAdmin() {
		Admin open = this.admin;
		if (open != null) {
			this.admin = null;
			open.close(Duration.ofSeconds(5));
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
