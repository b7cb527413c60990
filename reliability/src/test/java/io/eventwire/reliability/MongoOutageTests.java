package io.eventwire.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.OutgoingEvent;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxRelay;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 5 of docs/reliability.md: the MongoDB server goes away and comes back (same data) while a
 * service publishes through the outbox. While it is down every publish fails with an exception the
 * caller sees; every publish that returned normally reaches the handler; the relay resumes once the
 * server is back.
 */
class MongoOutageTests {

	static final String TOPIC = "mongo-outage-orders";

	static final int BEFORE = 2_000;

	static final int DURING = 20;

	static final int AFTER = 2_000;

	@Test
	void publishesFailLoudlyWhileMongoIsDownAndTheRelayResumesAfterwards() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, TOPIC);
		broker.afterPropertiesSet();
		RestartableMongo mongo = new RestartableMongo();
		String uri = mongo.uri("mongo-outage");
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run("--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--spring.mongodb.uri=" + uri,
					"--eventwire.service-name=mongo-outage", "--eventwire.outbox.relay.poll-interval=200ms",
					"--spring.main.banner-mode=off")) {
			EventOutbox outbox = app.getBean(EventOutbox.class);
			OutboxRelay relay = app.getBean(OutboxRelay.class);
			Orders orders = app.getBean(Orders.class);
			// The relay is idle until the outbox is used: start it as the first write would.
			relay.beforeFirstWrite();
			awaitOutboxIndexes(app.getBean(MongoTemplate.class));
			Set<String> stored = ConcurrentHashMap.newKeySet();
			for (int i = 0; i < BEFORE; i++) {
				stored.add(publish(outbox, i));
			}

			mongo.stop();
			List<Exception> failures = new ArrayList<>();
			for (int i = 0; i < DURING; i++) {
				int seq = BEFORE + i;
				assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> publish(outbox, seq))
					.satisfies(failures::add);
			}
			long restarted = System.nanoTime();
			mongo.start();
			MongoTemplate template = app.getBean(MongoTemplate.class);
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
				.until(() -> template.executeCommand("{ping: 1}").get("ok") != null);
			for (int i = 0; i < AFTER; i++) {
				stored.add(publish(outbox, BEFORE + DURING + i));
			}

			await().atMost(Duration.ofMinutes(3)).until(() -> orders.handled.containsAll(stored));
			await().atMost(Duration.ofMinutes(1)).until(() -> relay.pendingCount() == 0);
			double recovery = (System.nanoTime() - restarted) / 1e9;
			assertThat(orders.handled).isEqualTo(stored);
			// A clear failure the caller can act on: the server is unreachable (closed connection or no server found).
			assertThat(failures).hasSize(DURING)
				.allSatisfy((failure) -> assertThat(failure).isInstanceOf(DataAccessResourceFailureException.class));
			System.out.printf("MongoDB outage: %,d publishes stored and handled, %d refused with %s while down, "
					+ "0 lost, relay drained %.1f s after the server was back%n", stored.size(), failures.size(),
					failures.get(0).getClass().getSimpleName(), recovery);
		}
		finally {
			mongo.close();
			broker.destroy();
		}
	}

	private static String publish(EventOutbox outbox, int seq) {
		String eventId = UUID.randomUUID().toString();
		outbox.publish(OutgoingEvent.builder(TOPIC, "order_placed", "key-" + (seq % 50), Map.of("seq", seq))
			.eventId(eventId)
			.build());
		return eventId;
	}

	// mongo-java-server cannot create an index while documents are inserted: let the relay set up first.
	private static void awaitOutboxIndexes(MongoTemplate mongo) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> mongo.getCollection("eventwire_outbox")
				.listIndexes()
				.into(new ArrayList<>())
				.stream()
				.anyMatch((index) -> index.get("key", Document.class).containsKey("published_at")));
	}

	@EventTranslator(topics = TOPIC)
	static class Orders {

		final Set<String> handled = ConcurrentHashMap.newKeySet();

		@OnEvent("order_placed")
		void on(Map<String, Object> order, EventMetadata metadata) {
			this.handled.add(metadata.eventId());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Orders.class)
	static class App {

	}

}
