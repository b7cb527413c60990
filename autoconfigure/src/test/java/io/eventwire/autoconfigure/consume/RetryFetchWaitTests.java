package io.eventwire.autoconfigure.consume;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumers' fetch wait is short, and follows a short retry back-off, unless the application chose its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class RetryFetchWaitTests {

	@Test
	void aShortBackoffHalvesTheFetchWait() {
		Map<String, Object> configs = new HashMap<>();
		RetryFetchWait.apply(configs, Duration.ofMillis(120));
		assertThat(configs).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 60);
	}

	@Test
	void theFetchWaitIsNeverBelowTenMilliseconds() {
		Map<String, Object> configs = new HashMap<>();
		RetryFetchWait.apply(configs, Duration.ofMillis(4));
		assertThat(configs).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
	}

	@Test
	void theFetchWaitIsNeverAboveATenthOfASecond() {
		Map<String, Object> configs = new HashMap<>();
		RetryFetchWait.apply(configs, Duration.ofMillis(500));
		assertThat(configs).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
	}

	@Test
	void theApplicationsOwnFetchWaitIsKeptAndALongerOneIsToldAbout(CapturedOutput output) {
		Map<String, Object> configs = new HashMap<>(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 400));
		RetryFetchWait.apply(configs, Duration.ofMillis(100));
		assertThat(configs).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 400);
		assertThat(output).contains("eventwire.retry.backoff (100 ms) is shorter than the consumer's fetch.max.wait.ms (400 ms)");
	}

}
