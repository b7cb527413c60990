package io.eventwire.parallel;

import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

import io.eventwire.internal.RecordLogContext;
import io.eventwire.retry.ConsumerGroupState;
import io.eventwire.retry.PartitionPause;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Runs one event on a handler thread: through the group's dispatch, and when it fails, as the
 * error handler would for a partition, but for its key alone: retried with back-off (the key waits,
 * its handler thread is free meanwhile), waiting without end for an unavailable dependency, held by
 * an open circuit breaker, or dead-lettered, which parks the key.
 */
final class EventAttempts {

	private final Predicate<ConsumerRecord<String, byte[]>> dispatch;

	private final KeyedFailures failures;

	private final ConsumerGroupState state;

	private final ListenerObservation observation;

	private final HandlerThreads threads;

	/**
	 * @param dispatch runs the group's dispatch chain; answers whether a handler ran and returned
	 * @param failures decide what a failure means
	 * @param state the group's waits and circuit breaker
	 * @param observation observes each attempt, as the container would
	 * @param threads run the attempts, and wait out back-offs
	 */
	EventAttempts(Predicate<ConsumerRecord<String, byte[]>> dispatch, KeyedFailures failures, ConsumerGroupState state,
			ListenerObservation observation, HandlerThreads threads) {
		this.dispatch = dispatch;
		this.failures = failures;
		this.state = state;
		this.observation = observation;
		this.threads = threads;
	}

	/**
	 * Run an attempt of the event (on a handler thread).
	 */
	void run(ConsumerLanes lanes, PendingEvent event) {
		if (event.partition.closing) {
			lanes.finished(event, false);
			return;
		}
		Exception givenUp = event.givenUp;
		if (givenUp != null) {
			deadLetter(lanes, event, givenUp);
			return;
		}
		ConsumerRecord<String, byte[]> record = event.record;
		boolean handlerRan;
		try {
			handlerRan = this.observation.observe(record, () -> this.dispatch.test(record));
		}
		catch (Exception ex) {
			failed(lanes, event, ex);
			return;
		}
		catch (Error error) {
			failed(lanes, event, new IllegalStateException(error));
			return;
		}
		if (this.state.hasFailures()) {
			// What ends now (a wait, an open breaker) is logged with this event's correlation id.
			try (RecordLogContext context = RecordLogContext.open(record)) {
				this.state.passed(new TopicPartition(record.topic(), record.partition()), record.offset(), handlerRan);
			}
		}
		lanes.finished(event, true);
	}

	private void failed(ConsumerLanes lanes, PendingEvent event, Exception failure) {
		event.attempts++;
		if (event.firstFailure == null) {
			event.firstFailure = failure;
		}
		this.failures.retryListener().failedDelivery(event.record, failure, event.attempts);
		if (!this.failures.classifier().isRetryable(failure)) {
			deadLetter(lanes, event, failure);
			return;
		}
		// A new kind of failure starts a new back-off, as spring-kafka's error handler does.
		if (event.backOff == null || event.lastFailure != failure.getClass()) {
			event.backOff = this.failures.backOffs().apply(event.record, failure).start();
			event.lastFailure = failure.getClass();
		}
		long next = event.backOff.nextBackOff();
		if (next == BackOffExecution.STOP) {
			deadLetter(lanes, event, failure);
			return;
		}
		later(lanes, event, next);
	}

	private void deadLetter(ConsumerLanes lanes, PendingEvent event, Exception failure) {
		Throwable first = (event.firstFailure != null) ? event.firstFailure : failure;
		try {
			this.failures.retryListener()
				.recover(event.record, first, Math.max(1, event.attempts),
						() -> this.failures.recoverer().accept(event.record, failure));
		}
		catch (RuntimeException ex) {
			// Not written (the dead-letter topic takes nothing now): only the dead letter is tried
			// again, not the handler, after the wait the recoverer asked for.
			if (event.givenUp == null) {
				event.givenUp = failure;
				event.backOff = this.failures.backOffs().untilItSucceeds().start();
			}
			this.failures.retryListener().recoveryFailed(event.record, failure, ex);
			PartitionPause pause = this.failures.retryListener().takeRecoveryPause();
			later(lanes, event, (pause != null) ? pause.millis() : event.backOff.nextBackOff());
			return;
		}
		lanes.finished(event, true);
	}

	private void later(ConsumerLanes lanes, PendingEvent event, long millis) {
		boolean scheduled;
		try {
			scheduled = lanes.later(event, () -> this.threads.schedule(() -> {
				lanes.retrying(event);
				submit(lanes, event);
			}, millis));
		}
		catch (RejectedExecutionException ex) {
			scheduled = false;
		}
		if (!scheduled) {
			lanes.finished(event, false);
		}
	}

	/**
	 * Hand the event to a handler thread; one that stopped gives it up (it is delivered again).
	 */
	void submit(ConsumerLanes lanes, PendingEvent event) {
		try {
			this.threads.execute(() -> run(lanes, event));
		}
		catch (RejectedExecutionException ex) {
			lanes.finished(event, false);
		}
	}

}
