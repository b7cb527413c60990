package io.eventwire.parallel;

import io.eventwire.dlq.EventRetryListener;
import io.eventwire.dlq.FailureClassifier;
import io.eventwire.retry.EventBackOffs;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * What decides the fate of a failed event when keys are handled side by side: the same pieces as
 * the error handler of a partition's events handled in turn, used per event on its handler thread.
 *
 * @param classifier which failures are retried, and which wait for a dependency
 * @param backOffs the back-off of each failure, with the circuit breaker at its end
 * @param retryListener logs and counts attempts, and follows the waits for a dependency
 * @param recoverer writes dead letters (and parks their keys)
 */
public record KeyedFailures(FailureClassifier classifier, EventBackOffs backOffs, EventRetryListener retryListener,
		ConsumerRecordRecoverer recoverer) {
}
