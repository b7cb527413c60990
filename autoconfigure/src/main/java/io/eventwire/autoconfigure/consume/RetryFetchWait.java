package io.eventwire.autoconfigure.consume;

import java.time.Duration;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Keeps the consumers' fetches short enough for the retry back-off. A retried event comes with a
 * fetch, and while nothing new arrives a fetch waits at the broker for up to
 * {@code fetch.max.wait.ms} (500 ms by default), holding back the next one: a shorter back-off would
 * stretch to that. So where {@code eventwire.retry.backoff} is shorter, eventwire's consumers fetch
 * with half the back-off as their wait, unless the application set {@code fetch.max.wait.ms} itself.
 */
final class RetryFetchWait {

	private static final Log logger = LogFactory.getLog(RetryFetchWait.class);

	/** Kafka's default {@code fetch.max.wait.ms}. */
	static final Duration KAFKA_DEFAULT = Duration.ofMillis(500);

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
						+ "eventwire sets it to half the back-off.");
			}
			return;
		}
		if (backoff.compareTo(KAFKA_DEFAULT) < 0) {
			Duration wait = backoff.dividedBy(2);
			configs.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
					(int) ((wait.compareTo(SHORTEST) < 0) ? SHORTEST : wait).toMillis());
		}
	}

}
