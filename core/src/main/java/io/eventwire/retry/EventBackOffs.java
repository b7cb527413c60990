package io.eventwire.retry;

import java.time.Duration;
import java.util.function.BiFunction;

import io.eventwire.dlq.FailureClassifier;
import io.eventwire.internal.RecordDescriptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Chooses the back-off of a failed event for spring-kafka's {@code DefaultErrorHandler}
 * ({@code setBackOffFunction}): a failure that says a dependency is unavailable waits without end,
 * with the capped exponential backoff; any other retryable failure gets {@code maxRetries} retries,
 * after which the group's {@link CircuitBreaker} decides between dead-lettering it and holding it.
 */
public final class EventBackOffs implements BiFunction<ConsumerRecord<?, ?>, @Nullable Exception, BackOff> {

	private final FailureClassifier classifier;

	private final int maxRetries;

	private final Duration backoff;

	private final Duration maxBackoff;

	private final ConsumerGroupStates states;

	/**
	 * @param classifier recognises failures that mean a dependency is unavailable
	 * @param maxRetries retries after the first attempt for other failures
	 * @param backoff the wait before the first retry; it doubles with each retry
	 * @param maxBackoff the longest wait between two attempts
	 * @param states each consumer group's circuit breaker
	 */
	public EventBackOffs(FailureClassifier classifier, int maxRetries, Duration backoff, Duration maxBackoff,
			ConsumerGroupStates states) {
		this.classifier = classifier;
		this.maxRetries = maxRetries;
		this.backoff = backoff;
		this.maxBackoff = (maxBackoff.compareTo(backoff) < 0) ? backoff : maxBackoff;
		this.states = states;
	}

	@Override
	public BackOff apply(ConsumerRecord<?, ?> record, @Nullable Exception exception) {
		if (this.classifier.isTransient(exception)) {
			return untilItSucceeds();
		}
		BackOff bounded = bounded();
		String groupId = KafkaUtils.getConsumerGroupId();
		if (groupId == null || exception == null) {
			return bounded;
		}
		CircuitBreaker breaker = this.states.forGroup(groupId).circuitBreaker();
		String event = RecordDescriptions.coordinates(record);
		return () -> {
			BackOffExecution retries = bounded.start();
			return () -> {
				long next = retries.nextBackOff();
				if (next != BackOffExecution.STOP) {
					return next;
				}
				Duration hold = breaker.exhausted(event, exception);
				return (hold != null) ? hold.toMillis() : BackOffExecution.STOP;
			};
		};
	}

	/**
	 * @return the back-off of a failure that waits for a dependency: the capped exponential
	 * backoff, without end. Also the error handler's default, so that it never skips the back-off
	 * function when {@code maxRetries} is 0.
	 */
	public BackOff untilItSucceeds() {
		ExponentialBackOff backOff = new ExponentialBackOff(Math.max(1, this.backoff.toMillis()), 2);
		backOff.setMaxInterval(Math.max(1, this.maxBackoff.toMillis()));
		return backOff;
	}

	private BackOff bounded() {
		if (this.maxRetries == 0) {
			return new FixedBackOff(0, 0);
		}
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(this.maxRetries);
		backOff.setInitialInterval(this.backoff.toMillis());
		backOff.setMultiplier(2);
		backOff.setMaxInterval(this.maxBackoff.toMillis());
		return backOff;
	}

}
