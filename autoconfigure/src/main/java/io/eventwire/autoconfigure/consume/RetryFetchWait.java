package io.eventwire.autoconfigure.consume;

import java.time.Duration;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Keeps the consumers' fetches short enough for retries and dead letters. After a failed event the
 * consumer seeks back and fetches again, and while nothing new arrives a fetch already under way
 * waits at the broker for up to {@code fetch.max.wait.ms} (500 ms by default) before the next one
 * can go out: a retry comes that much later than its back-off, and a burst of poison events on an
 * otherwise quiet topic is dead-lettered at two a second per consumer. So eventwire's consumers
 * fetch with a wait of at most 100 ms, and at most half the back-off, unless the application set
 * {@code fetch.max.wait.ms} itself. An idle consumer then sends up to ten fetches a second.
 */
final class RetryFetchWait {

	private static final Log logger = LogFactory.getLog(RetryFetchWait.class);

	/** The longest fetch wait of eventwire's consumers. */
	static final Duration LONGEST = Duration.ofMillis(100);

	private static final Duration SHORTEST = Duration.ofMillis(10);

	private RetryFetchWait() {
	}

	/**
	 * @param configs the consumer configuration of eventwire's containers, changed in place
	 * @param backoff the first retry's back-off
	 */
	static void apply(Map<String, Object> configs, Duration backoff) {
		Object configured = configs.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);
		if (configured != null) {
			long millis = Long.parseLong(configured.toString());
			if (millis > backoff.toMillis()) {
				logger.warn("eventwire.retry.backoff (" + backoff.toMillis() + " ms) is shorter than the consumer's "
						+ "fetch.max.wait.ms (" + millis + " ms): a retry comes with a fetch, so it waits up to "
						+ millis + " ms. Lower spring.kafka.consumer.fetch-max-wait, or leave it unset and "
						+ "eventwire keeps it short.");
			}
			return;
		}
		Duration wait = backoff.dividedBy(2);
		wait = (wait.compareTo(LONGEST) > 0) ? LONGEST : (wait.compareTo(SHORTEST) < 0) ? SHORTEST : wait;
		configs.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) wait.toMillis());
	}

}
