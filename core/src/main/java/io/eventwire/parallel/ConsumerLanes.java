package io.eventwire.parallel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The events one consumer thread took, in lanes per partition and key: it starts up to
 * {@code parallelism} of them at once, never two of one key, commits each partition up to its
 * first unfinished event, and pauses its partitions while it holds {@code maxBuffered} events or
 * while every in-flight event waits for its next attempt (an outage: new events would only wait too).
 */
final class ConsumerLanes {

	private static final Logger logger = LoggerFactory.getLogger(ConsumerLanes.class);

	private final KeyParallelism settings;

	private final Slots slots;

	private final PausedPartitions paused;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition finished = this.lock.newCondition();

	private final Map<TopicPartition, PartitionLanes> partitions = new HashMap<>();

	private boolean stopping;

	/**
	 * @param settings the parallelism and the buffer
	 * @param starter hands an event of these lanes to a handler thread
	 * @param intake pauses and resumes partitions
	 */
	ConsumerLanes(KeyParallelism settings, BiConsumer<ConsumerLanes, PendingEvent> starter,
			PausedPartitions.Intake intake) {
		this.settings = settings;
		this.slots = new Slots(settings, (event) -> starter.accept(this, event));
		this.paused = new PausedPartitions(intake);
	}

	/**
	 * Take a record (on the consumer thread): it starts when its key and a handler thread are free.
	 * A record of a partition being closed, or after the consumer began to stop, is left alone:
	 * it is not acknowledged, so it is delivered again.
	 */
	void add(ConsumerRecord<String, byte[]> record, Acknowledgment acknowledgment) {
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		this.lock.lock();
		try {
			if (this.stopping) {
				return;
			}
			PartitionLanes lanes = this.partitions.computeIfAbsent(partition, PartitionLanes::new);
			if (lanes.closing) {
				return;
			}
			this.slots.queued(lanes.add(record, acknowledgment));
			if (this.paused.any() || this.slots.full()) {
				this.paused.pause(this.partitions.keySet());
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * An event is finished: handled, skipped or dead-lettered ({@code completed}), or given up
	 * because its partition closed. Its key's next event may start, and its partition is committed
	 * up to its first unfinished event.
	 */
	void finished(PendingEvent event, boolean completed) {
		this.lock.lock();
		try {
			event.done = completed;
			PartitionLanes partition = event.partition;
			this.slots.finished(event);
			if (completed && !partition.revoked) {
				PendingEvent committable = partition.committable();
				if (committable != null) {
					// Under the lock: once the partition is revoked, nothing of it may be acknowledged.
					committable.acknowledgment.acknowledge();
				}
			}
			if (partition.closing && partition.inFlight == 0) {
				this.finished.signalAll();
			}
			if (this.paused.any() && this.slots.halfEmpty()) {
				this.paused.resumeAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The event failed and is tried again later (its key waits; other keys go on).
	 * @param schedule schedules the next attempt
	 * @return whether it was scheduled: not when its partition is closing (then it is given up)
	 */
	boolean later(PendingEvent event, Supplier<ScheduledFuture<?>> schedule) {
		this.lock.lock();
		try {
			if (event.partition.closing) {
				return false;
			}
			event.retry = schedule.get();
			this.slots.waiting++;
			if (this.slots.full()) {
				this.paused.pause(this.partitions.keySet());
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The next attempt of a waiting event begins.
	 */
	void retrying(PendingEvent event) {
		this.lock.lock();
		try {
			if (event.retry != null) {
				event.retry = null;
				this.slots.waiting--;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Close partitions that are revoked (on the consumer thread, before spring-kafka commits): their
	 * queued events are dropped, their waiting events given up, and their in-flight events get until
	 * the drain timeout to finish and be committed. Then nothing of them is acknowledged any more.
	 * @param revoked the partitions
	 * @param drain whether to wait for the in-flight events (not for lost partitions: their commits
	 * would fail)
	 */
	void close(Collection<TopicPartition> revoked, boolean drain) {
		this.lock.lock();
		try {
			List<PartitionLanes> closing = new ArrayList<>();
			for (TopicPartition partition : revoked) {
				PartitionLanes lanes = this.partitions.remove(partition);
				if (lanes != null) {
					closing.add(lanes);
				}
			}
			// A stopping consumer drained already: what is left of it then was given up.
			closeAndAwait(closing, (drain && !this.stopping) ? this.settings.drainTimeout() : Duration.ZERO);
			this.paused.revoked(revoked);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The consumer stops: nothing more starts, and the in-flight events finish (and are committed
	 * when the container stops) or are given up at the deadline.
	 * @param deadline when to give up on them ({@link System#nanoTime()}), shared by the consumers
	 * of a container so that they drain side by side
	 */
	void stop(long deadline) {
		this.lock.lock();
		try {
			this.stopping = true;
			closeAndAwait(new ArrayList<>(this.partitions.values()),
					Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The consumer is about to stop: nothing more starts from now on, in none of its partitions.
	 */
	void stopping() {
		this.lock.lock();
		try {
			this.stopping = true;
			closeAll(this.partitions.values());
		}
		finally {
			this.lock.unlock();
		}
	}

	// Called holding the lock.
	private void closeAndAwait(List<PartitionLanes> closing, Duration timeout) {
		closeAll(closing);
		long remaining = timeout.toNanos();
		try {
			while (remaining > 0 && closing.stream().anyMatch((partition) -> partition.inFlight > 0)) {
				remaining = this.finished.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		int givenUp = 0;
		for (PartitionLanes partition : closing) {
			partition.revoked = true;
			givenUp += partition.inFlight;
		}
		if (givenUp > 0 && !timeout.isZero()) {
			logger.warn("{} event(s) of {} did not finish within {} and were given up: they are not committed, and the "
					+ "partitions' next owner handles them again", givenUp,
					closing.stream().map((partition) -> partition.partition).toList(), timeout);
		}
	}

	// Called holding the lock: their queued events dropped, their waiting ones given up.
	private void closeAll(Collection<PartitionLanes> closing) {
		for (PartitionLanes partition : closing) {
			this.slots.buffered -= partition.close();
			partition.cancelRetries(this::cancelled);
		}
	}

	// A waiting event of a closing partition whose next attempt was cancelled: given up.
	private void cancelled(PendingEvent event) {
		event.retry = null;
		this.slots.waiting--;
		this.slots.finished(event);
	}

	/**
	 * @return the events in flight (running or waiting for their next attempt)
	 */
	int inFlight() {
		this.lock.lock();
		try {
			return this.slots.inFlight;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * @return the events held but not started
	 */
	int queued() {
		this.lock.lock();
		try {
			return this.slots.buffered - this.slots.inFlight;
		}
		finally {
			this.lock.unlock();
		}
	}

}
