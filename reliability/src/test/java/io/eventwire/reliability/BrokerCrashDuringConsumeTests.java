package io.eventwire.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.test.broker.KafkaBrokerProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 2 of docs/reliability.md: the broker, a real Kafka in a process of its own, is killed with
 * SIGKILL while a consumer group handles 50,000 events, stays down for 10 seconds and is started
 * again on the same data. Every event is handled; a repeat only ever repeats an event already
 * handled; each key's events are first handled in the order written.
 */
class BrokerCrashDuringConsumeTests {

	static final String TOPIC = "crash-consume-orders";

	static final String SERVICE = "crash-consume";

	static final int EVENTS = 50_000;

	static final int KEYS = 500;

	static final Duration OUTAGE = Duration.ofSeconds(10);

	@Test
	void everyEventIsHandledAcrossABrokerCrash(@TempDir Path tempDir) throws Exception {
		try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(tempDir.resolve("broker"));
				Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get();
			Topics.produceSteps(broker.bootstrapServers(), TOPIC, EVENTS, KEYS);
			try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
				.run("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(), "--eventwire.service-name=" + SERVICE,
						"--eventwire.outbox.relay.enabled=false", "--eventwire.consumer.concurrency=3",
						"--spring.main.banner-mode=off")) {
				Steps steps = app.getBean(Steps.class);
				await().atMost(Duration.ofMinutes(3)).until(() -> steps.handled.size() >= EVENTS / 3);
				broker.kill();
				int atKill = steps.handled.size();
				// While the broker is down nothing more can be fetched: what was fetched is handled, then no progress.
				await().during(OUTAGE).atMost(OUTAGE.plusSeconds(30))
					.until(() -> steps.handled.size() < EVENTS);
				long restarted = System.nanoTime();
				broker.restart();
				await().atMost(Duration.ofMinutes(5)).until(() -> steps.handled.size() == EVENTS);
				double recovery = (System.nanoTime() - restarted) / 1e9;
				await().atMost(Duration.ofMinutes(2)).until(() -> Topics.lag(admin, SERVICE, TOPIC) == 0);

				int duplicates = steps.invocations.get() - steps.handled.size();
				assertThat(steps.handled).hasSize(EVENTS);
				assertThat(steps.outOfOrder).hasValue(0);
				System.out.printf("Broker crash during consume: %,d events, killed after %,d handled, %s down, "
						+ "0 lost, %,d duplicates (same event ids), all handled %.1f s after the restart%n", EVENTS, atKill,
						OUTAGE, duplicates, recovery);
			}
		}
	}

	record Step(String key, int seq) {
	}

	@EventTranslator(topics = TOPIC)
	static class Steps {

		final Map<String, Boolean> handled = new ConcurrentHashMap<>();

		final Map<String, Integer> lastSeq = new ConcurrentHashMap<>();

		final AtomicInteger invocations = new AtomicInteger();

		final AtomicInteger outOfOrder = new AtomicInteger();

		@OnEvent("step")
		void on(Step step, EventMetadata metadata) {
			this.invocations.incrementAndGet();
			if (this.handled.putIfAbsent(metadata.eventId(), Boolean.TRUE) == null) {
				// A key lives in one partition, handled by one thread at a time.
				Integer previous = this.lastSeq.put(step.key(), step.seq());
				if (previous != null && previous > step.seq()) {
					this.outOfOrder.incrementAndGet();
				}
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Steps.class)
	static class App {

	}

}
