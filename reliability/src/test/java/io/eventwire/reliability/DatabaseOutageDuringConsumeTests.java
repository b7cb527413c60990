package io.eventwire.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 9 of docs/reliability.md: the service's own MongoDB server stops for 30 s and comes back
 * on the same port while a handler writes every event to it, with the default retry settings.
 * Events wait for the database instead of being dead-lettered: none lost, none dead-lettered, order
 * per key kept.
 */
class DatabaseOutageDuringConsumeTests {

	static final String TOPIC = "db-outage-steps";

	static final int EVENTS = 20_000;

	static final int KEYS = 200;

	@Test
	void eventsWaitForTheDatabaseAndNoneIsDeadLettered() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, TOPIC, "dlq");
		broker.afterPropertiesSet();
		RestartableMongo mongo = new RestartableMongo();
		String uri = mongo.uri("db-outage");
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run("--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--spring.mongodb.uri=" + uri,
					"--eventwire.service-name=db-outage", "--eventwire.outbox.relay.enabled=false",
					"--spring.main.banner-mode=off")) {
			Steps steps = app.getBean(Steps.class);
			Topics.produceSteps(broker.getBrokersAsString(), TOPIC, EVENTS, KEYS);
			await().atMost(Duration.ofMinutes(1)).until(() -> steps.count() >= EVENTS / 4);

			mongo.stop();
			int handledWhenStopped = steps.count();
			long stopped = System.nanoTime();
			await().atMost(Duration.ofSeconds(40)).until(() -> System.nanoTime() - stopped >= Duration.ofSeconds(30).toNanos());
			int handledWhileDown = steps.count() - handledWhenStopped;
			mongo.start();
			long restarted = System.nanoTime();

			await().atMost(Duration.ofMinutes(3)).until(() -> steps.count() >= EVENTS);
			double recovery = (System.nanoTime() - restarted) / 1e9;
			MongoTemplate template = app.getBean(MongoTemplate.class);
			assertThat(template.getCollection("steps").countDocuments()).isEqualTo(EVENTS);
			assertThat(steps.count()).isEqualTo(EVENTS);
			assertThat(steps.bySeq).allSatisfy((key, seqs) -> assertThat(List.copyOf(seqs)).isSorted());
			assertThat(Topics.readAll(broker.getBrokersAsString(), "dlq")).isEmpty();
			// At most the event each partition's consumer held when the server went away.
			assertThat(handledWhileDown).isLessThanOrEqualTo(3);
			System.out.printf("Database outage during consume: %,d events, MongoDB down 30 s after %,d, "
					+ "0 lost, 0 dead letters, order per key kept, all handled %.1f s after the server was back%n",
					EVENTS, handledWhenStopped, recovery);
		}
		finally {
			mongo.close();
			broker.destroy();
		}
	}

	@EventTranslator(topics = TOPIC)
	static class Steps {

		final Map<String, Queue<Integer>> bySeq = new ConcurrentHashMap<>();

		private final MongoTemplate mongo;

		Steps(MongoTemplate mongo) {
			this.mongo = mongo;
		}

		@OnEvent("step")
		void on(Map<String, Object> step, EventMetadata metadata) {
			int seq = ((Number) step.get("seq")).intValue();
			String key = (String) step.get("key");
			this.mongo.insert(new Document("_id", metadata.eventId()).append("key", key).append("seq", seq), "steps");
			this.bySeq.computeIfAbsent(key, (k) -> new ConcurrentLinkedQueue<>()).add(seq);
		}

		int count() {
			return this.bySeq.values().stream().mapToInt(Queue::size).sum();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Steps.class)
	static class App {

	}

}
