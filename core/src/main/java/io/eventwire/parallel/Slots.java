package io.eventwire.parallel;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Which event of a consumer thread's lanes runs next: up to {@code parallelism} in flight, never
 * two of one key, lanes taking turns (a lane with more events goes to the back of the line after
 * each). Also counts what the consumer holds. Guarded by its lanes' lock.
 */
final class Slots {

	private final KeyParallelism settings;

	private final Consumer<PendingEvent> starter;

	private final ArrayDeque<Lane> runnable = new ArrayDeque<>();

	// In flight: running, or waiting for the next attempt.
	int inFlight;

	// In flight or queued.
	int buffered;

	// In flight and waiting for the next attempt.
	int waiting;

	/**
	 * @param starter hands an event to a handler thread
	 */
	Slots(KeyParallelism settings, Consumer<PendingEvent> starter) {
		this.settings = settings;
		this.starter = starter;
	}

	/**
	 * A new event was queued in its lane.
	 */
	void queued(PendingEvent event) {
		this.buffered++;
		if (!event.lane.active) {
			event.lane.active = true;
			this.runnable.add(event.lane);
		}
		start();
	}

	/**
	 * An event in flight is done with: its lane's next event gets in line.
	 */
	void finished(PendingEvent event) {
		this.inFlight--;
		this.buffered--;
		PartitionLanes partition = event.partition;
		partition.inFlight--;
		Lane lane = event.lane;
		if (!lane.queued.isEmpty() && !partition.closing) {
			this.runnable.add(lane);
		}
		else {
			lane.active = false;
			partition.idle(lane);
		}
		start();
	}

	/**
	 * Start events while slots are free.
	 */
	void start() {
		while (this.inFlight < this.settings.parallelism() && !this.runnable.isEmpty()) {
			Lane lane = this.runnable.poll();
			PendingEvent event = lane.queued.poll();
			if (event == null || lane.partition.closing) {
				lane.active = false;
				lane.partition.idle(lane);
				continue;
			}
			this.inFlight++;
			lane.partition.inFlight++;
			this.starter.accept(event);
		}
	}

	/**
	 * @return whether the consumer should take no new events: its buffer is full, or every slot
	 * holds an event waiting for its next attempt (new events would only wait too)
	 */
	boolean full() {
		return this.buffered >= this.settings.maxBuffered()
				|| (this.inFlight >= this.settings.parallelism() && this.waiting >= this.inFlight);
	}

	/**
	 * @return whether a consumer that stopped taking events may take them again
	 */
	boolean halfEmpty() {
		return !full() && this.buffered <= this.settings.maxBuffered() / 2;
	}

}
