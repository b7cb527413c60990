package io.eventwire.parallel;

import java.util.concurrent.ScheduledFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.util.backoff.BackOffExecution;

/**
 * One event a consumer thread took: waiting for its key, in flight, or waiting for its next attempt.
 * The fields that follow its attempts are touched only by the thread running it at the time;
 * {@code done} and {@code retry} under its consumer's lock.
 */
final class PendingEvent {

	final ConsumerRecord<String, byte[]> record;

	final Acknowledgment acknowledgment;

	final PartitionLanes partition;

	final Lane lane;

	boolean done;

	@Nullable ScheduledFuture<?> retry;

	int attempts;

	@Nullable Throwable firstFailure;

	@Nullable Class<?> lastFailure;

	@Nullable BackOffExecution backOff;

	// The handler failed for good: what remains is its dead letter, which could not be written yet.
	@Nullable Exception givenUp;

	PendingEvent(ConsumerRecord<String, byte[]> record, Acknowledgment acknowledgment, PartitionLanes partition,
			Lane lane) {
		this.record = record;
		this.acknowledgment = acknowledgment;
		this.partition = partition;
		this.lane = lane;
	}

}
