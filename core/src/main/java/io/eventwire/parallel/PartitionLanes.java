package io.eventwire.parallel;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.Acknowledgment;

/**
 * One partition's events held by a consumer thread: a lane per key, and the unfinished events in
 * offset order, whose first one is the offset the partition may commit. Guarded by its consumer's
 * lock.
 */
final class PartitionLanes {

	// The lane of the events without a key: they go in partition order among themselves.
	private static final Object NO_KEY = new Object();

	final TopicPartition partition;

	private final Map<Object, Lane> lanes = new HashMap<>();

	private final ArrayDeque<PendingEvent> unfinished = new ArrayDeque<>();

	int inFlight;

	// Nothing more starts: the partition is being revoked, or the consumer stops.
	boolean closing;

	// Nothing more is acknowledged: the partition has another owner now.
	boolean revoked;

	PartitionLanes(TopicPartition partition) {
		this.partition = partition;
	}

	/**
	 * @return the event, queued in its key's lane and among the unfinished
	 */
	PendingEvent add(ConsumerRecord<String, byte[]> record, Acknowledgment ack) {
		Object key = (record.key() != null) ? record.key() : NO_KEY;
		Lane lane = this.lanes.computeIfAbsent(key, (k) -> new Lane(k, this));
		PendingEvent event = new PendingEvent(record, ack, this, lane);
		lane.queued.add(event);
		this.unfinished.add(event);
		return event;
	}

	/**
	 * The lane has nothing more: forget it.
	 */
	void idle(Lane lane) {
		this.lanes.remove(lane.key, lane);
	}

	/**
	 * @return the last of the finished events at the head of the unfinished ones, now taken off:
	 * what the partition may commit up to; or {@code null} when its first unfinished event is not done
	 */
	@Nullable PendingEvent committable() {
		PendingEvent last = null;
		while (!this.unfinished.isEmpty() && this.unfinished.peekFirst().done) {
			last = this.unfinished.pollFirst();
		}
		return last;
	}

	/**
	 * Cancel the next attempts of the partition's waiting events.
	 * @param cancelled told of each event whose next attempt will not happen
	 */
	void cancelRetries(Consumer<PendingEvent> cancelled) {
		for (PendingEvent event : this.unfinished) {
			if (event.retry != null && event.retry.cancel(false)) {
				cancelled.accept(event);
			}
		}
	}

	/**
	 * Close the partition: its queued events are dropped (not acknowledged, so handled again by the
	 * partition's next owner, or after a restart).
	 * @return how many queued events were dropped
	 */
	int close() {
		if (this.closing) {
			return 0;
		}
		this.closing = true;
		int dropped = 0;
		for (Lane lane : this.lanes.values()) {
			dropped += lane.queued.size();
			lane.queued.clear();
		}
		return dropped;
	}

}
