package io.eventwire.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.eventwire.internal.LogSafe;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one consumer group waits for a dependency: from the first event that failed because
 * something it depends on is unavailable until every partition that waited has handled its event.
 * Logged once when the wait starts and once when it ends, not on every attempt.
 */
public final class DependencyWait {

	private static final Logger logger = LoggerFactory.getLogger(DependencyWait.class);

	private final String groupId;

	private final Clock clock;

	// The offsets of the waiting events of each partition: one at a time when a partition's events
	// are handled in turn, one per key when keys are handled in parallel.
	private final Map<TopicPartition, Set<Long>> waiting = new HashMap<>();

	// Read without the lock on every handled event, to skip the lock when nothing waits.
	private volatile @Nullable Instant since;

	private volatile @Nullable String reason;

	private int eventsWaited;

	private long completedWaitMillis;

	DependencyWait(String groupId, Clock clock) {
		this.groupId = groupId;
		this.clock = clock;
	}

	/**
	 * An event failed because a dependency is unavailable; it will be tried again.
	 * @param partition where the event is
	 * @param offset its offset
	 * @param event how to name it in the log
	 * @param failure why it failed
	 */
	synchronized void failed(TopicPartition partition, long offset, String event, Throwable failure) {
		if (this.waiting.computeIfAbsent(partition, (key) -> new HashSet<>()).add(offset)) {
			this.eventsWaited++;
		}
		if (this.since == null) {
			this.since = this.clock.instant();
			this.reason = LogSafe.escape(failure.toString());
			logger.warn("Consumer group '{}' is waiting for a dependency: {} failed because something it depends on "
					+ "is unavailable ({}). It is tried again with backoff until it succeeds; its partition waits and "
					+ "nothing is dead-lettered meanwhile", this.groupId, event, this.reason);
		}
	}

	/**
	 * The waiting event of these partitions no longer waits: it was handled or dead-lettered, or the
	 * partition was revoked.
	 * @param partitions the partitions
	 */
	void resolved(Collection<TopicPartition> partitions) {
		if (this.since == null) {
			return;
		}
		synchronized (this) {
			ended(this.waiting.keySet().removeAll(partitions));
		}
	}

	/**
	 * One waiting event no longer waits: handled or dead-lettered.
	 * @param partition where it is
	 * @param offset its offset
	 */
	void resolved(TopicPartition partition, long offset) {
		if (this.since == null) {
			return;
		}
		synchronized (this) {
			Set<Long> offsets = this.waiting.get(partition);
			boolean removed = offsets != null && offsets.remove(offset);
			if (offsets != null && offsets.isEmpty()) {
				this.waiting.remove(partition);
			}
			ended(removed);
		}
	}

	// Called holding the lock.
	private void ended(boolean removed) {
		Instant started = this.since;
		if (removed && this.waiting.isEmpty() && started != null) {
			Duration waited = Duration.between(started, this.clock.instant());
			this.completedWaitMillis += waited.toMillis();
			logger.info("Consumer group '{}' stopped waiting for a dependency after {}: {} event(s) waited",
					this.groupId, waited, this.eventsWaited);
			this.since = null;
			this.reason = null;
			this.eventsWaited = 0;
		}
	}

	void resolved(TopicPartition partition) {
		resolved(Set.of(partition));
	}

	/**
	 * @return whether the group waits now
	 */
	public boolean isWaiting() {
		return this.since != null;
	}

	/**
	 * @return since when the group waits, or {@code null} when it does not
	 */
	public @Nullable Instant since() {
		return this.since;
	}

	/**
	 * @return the failure that started the wait, or {@code null} when the group does not wait
	 */
	public @Nullable String reason() {
		return this.reason;
	}

	/**
	 * @return since when and why the group waits, and how many partitions, read together, or
	 * {@code null} when it does not wait
	 */
	public synchronized @Nullable Waiting waiting() {
		Instant started = this.since;
		String why = this.reason;
		return (started != null && why != null) ? new Waiting(started, why, this.waiting.size()) : null;
	}

	/**
	 * A wait for a dependency, as an operator sees it.
	 *
	 * @param since when the group began to wait
	 * @param reason the failure that started the wait
	 * @param partitions how many partitions wait
	 */
	public record Waiting(Instant since, String reason, int partitions) {
	}

	/**
	 * @return how many partitions wait now
	 */
	public synchronized int waitingPartitions() {
		return this.waiting.size();
	}

	/**
	 * @return how long the group has waited in all, the current wait included
	 */
	public synchronized Duration totalWaited() {
		Instant started = this.since;
		long current = (started != null) ? Duration.between(started, this.clock.instant()).toMillis() : 0;
		return Duration.ofMillis(this.completedWaitMillis + current);
	}

}
