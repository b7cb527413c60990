package io.eventwire.autoconfigure.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The documented back-off holds below half a second too: the wait before attempt n + 1 is
 * {@code backoff * 2^(n-1)}. A retry can only come with a fetch, and a consumer's fetch waits at
 * the broker for up to {@code fetch.max.wait.ms} (500 ms by default) when there is nothing new:
 * with that default, 100 ms and 200 ms back-offs were about 500 ms apart.
 */
@SpringBootTest(classes = RetryBackoffTimingTests.App.class,
		properties = { "eventwire.service-name=backoff-timing-it", "eventwire.retry.max-retries=4",
				"eventwire.retry.backoff=100ms", "eventwire.retry.max-backoff=10s" })
class RetryBackoffTimingTests {

	static final String TOPIC = "backoff-timing-it";

	@Autowired
	EventPublisher publisher;

	@Autowired
	FailingFourTimes handler;

	@Test
	void retriesComeAfterTheDocumentedBackoffsBelowHalfASecond() {
		this.publisher.publish(TOPIC, "tick", "k", new Tick("t"));

		await().atMost(Duration.ofSeconds(30)).until(() -> this.handler.attempts.size() == 5);
		List<Long> gaps = new ArrayList<>();
		for (int i = 1; i < 5; i++) {
			gaps.add(Duration.ofNanos(this.handler.attempts.get(i) - this.handler.attempts.get(i - 1)).toMillis());
		}
		long[] expected = { 100, 200, 400, 800 };
		for (int i = 0; i < expected.length; i++) {
			// Never early; late by at most half the back-off and a little scheduling on a busy machine.
			assertThat(gaps.get(i)).as("wait before retry %d (all: %s ms)", i + 1, gaps)
				.isBetween(expected[i] - 10, expected[i] * 3 / 2 + 100);
		}
	}

	record Tick(String id) {
	}

	@EventTranslator(topics = TOPIC)
	static class FailingFourTimes {

		final List<Long> attempts = new CopyOnWriteArrayList<>();

		@OnEvent("tick")
		void on(Tick tick) {
			this.attempts.add(System.nanoTime());
			if (this.attempts.size() < 5) {
				throw new IllegalStateException("attempt " + this.attempts.size() + " fails");
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(FailingFourTimes.class)
	static class App {

		@Bean
		NewTopic backoffTimingTopic() {
			return TopicBuilder.name(TOPIC).partitions(1).replicas(1).build();
		}

	}

}
