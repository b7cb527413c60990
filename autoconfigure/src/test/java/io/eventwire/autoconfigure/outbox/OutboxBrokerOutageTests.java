package io.eventwire.autoconfigure.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxRelay;
import io.eventwire.test.broker.KafkaBrokerProcess;
import org.apache.kafka.clients.admin.NewTopic;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import tools.jackson.databind.json.JsonMapper;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 1 of docs/reliability.md: the broker, a real Kafka in a process of its own, is killed
 * with SIGKILL while the relay drains 50,000 outbox events and writes go on; it is started again 20
 * seconds after the kill. Every event arrives, in order per key, and a duplicate only ever repeats
 * an event id already delivered.
 */
class OutboxBrokerOutageTests {

	static final String TOPIC = "outbox-outage-orders";

	static final int EVENTS = 50_000;

	static final Duration OUTAGE = Duration.ofSeconds(20);

	static final int KEYS = 50;

	@Test
	void everyEventIsDeliveredInOrderPerKeyAcrossABrokerCrash(@TempDir Path tempDir) {
		try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(tempDir.resolve("broker"));
				EmbeddedMongo mongo = new EmbeddedMongo("outbox-outage");
				ConfigurableApplicationContext app = start(broker, mongo)) {
			EventOutbox outbox = app.getBean(EventOutbox.class);
			OutboxRelay relay = app.getBean(OutboxRelay.class);
			long killed = 0;
			for (int i = 0; i < EVENTS; i++) {
				outbox.publish(TOPIC, "step", "key-" + (i % KEYS), Map.of("key", "key-" + (i % KEYS), "seq", i));
				if (i == EVENTS / 5) {
					broker.kill();
					killed = System.nanoTime();
				}
			}
			// Nothing is lost while the broker is down: the events wait in the outbox, for the rest of the outage.
			Duration rest = OUTAGE.minusNanos(System.nanoTime() - killed);
			if (!rest.isNegative()) {
				await().during(rest).atMost(rest.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
					.until(() -> relay.pendingCount() > 0);
			}
			assertThat(relay.pendingCount()).isGreaterThan(0);
			long restarted = System.nanoTime();
			broker.restart();

			await().atMost(Duration.ofMinutes(5)).until(() -> relay.pendingCount() == 0);
			double recovery = (System.nanoTime() - restarted) / 1e9;
			List<ConsumerRecord<String, byte[]>> records = readAll(broker.bootstrapServers(), TOPIC, (record) -> true);
			Set<String> delivered = new HashSet<>();
			Map<String, Integer> lastSeq = new HashMap<>();
			JsonMapper json = new JsonMapper();
			int duplicates = 0;
			for (ConsumerRecord<String, byte[]> record : records) {
				String eventId = header(record, "event_id");
				if (!delivered.add(eventId)) {
					duplicates++;
					continue;
				}
				int seq = json.readTree(record.value()).get("seq").asInt();
				Integer previous = lastSeq.put(record.key(), seq);
				if (previous != null) {
					assertThat(seq).as("order of key %s", record.key()).isGreaterThan(previous);
				}
			}
			assertThat(delivered).hasSize(EVENTS);
			assertThat(records).hasSize(EVENTS + duplicates);
			System.out.printf("Broker outage: %,d events delivered, %,d duplicates (same event ids), outage %s, "
					+ "outbox drained %.1f s after the restart%n", EVENTS, duplicates, OUTAGE, recovery);
		}
	}

	private static ConfigurableApplicationContext start(KafkaBrokerProcess broker, EmbeddedMongo mongo) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(), "--spring.mongodb.uri=" + mongo.uri(),
					"--eventwire.service-name=outbox-outage", "--eventwire.outbox.relay.enabled=true",
					"--eventwire.outbox.relay.poll-interval=200ms", "--eventwire.outbox.relay.batch-size=500",
					"--spring.kafka.producer.properties.delivery.timeout.ms=8000",
					"--spring.kafka.producer.properties.request.timeout.ms=3000",
					"--spring.kafka.producer.properties.max.block.ms=3000");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		NewTopic ordersTopic() {
			return TopicBuilder.name(TOPIC).partitions(3).replicas(1).build();
		}

	}

}
