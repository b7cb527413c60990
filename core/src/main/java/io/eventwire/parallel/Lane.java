package io.eventwire.parallel;

import java.util.ArrayDeque;

/**
 * The events of one key of one partition, in offset order: one of them in flight at a time.
 * Guarded by its consumer's lock.
 */
final class Lane {

	final Object key;

	final PartitionLanes partition;

	final ArrayDeque<PendingEvent> queued = new ArrayDeque<>();

	// Runnable or in flight: a lane is in the runnable queue, or running, or neither, never both.
	boolean active;

	Lane(Object key, PartitionLanes partition) {
		this.key = key;
		this.partition = partition;
	}

}
