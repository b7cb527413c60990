package io.eventwire.autoconfigure.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.eventwire.outbox.OutboxDao;
import io.eventwire.outbox.OutboxDaoFactory;
import io.eventwire.test.broker.KafkaBrokerProcess;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.TopicBuilder;
import tools.jackson.databind.json.JsonMapper;

import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka is down for 20 s while a service makes 1,000 changes to 50 resources through the stateful
 * outbox: every DAO call returns as soon as MongoDB has the change, and afterwards each resource's
 * events on the compacted topic never go back in time and end with its latest state.
 */
class StatefulOutboxBrokerOutageTests {

	static final String TOPIC = "stateful-outage-accounts";

	static final int RESOURCES = 50;

	static final int CHANGES = 1_000;

	static final Duration OUTAGE = Duration.ofSeconds(20);

	record Account(String accountId, int version) {
	}

	@Test
	void daoCallsReturnAtOnceWhileKafkaIsDownAndNoResourceGoesBackInTime(@TempDir Path tempDir) {
		try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(tempDir.resolve("broker"));
				EmbeddedMongo mongo = new EmbeddedMongo("stateful-outage");
				ConfigurableApplicationContext app = start(broker, mongo)) {
			OutboxDao<Account, String> accounts = app.getBean(OutboxDaoFactory.class)
				.create("accounts", Account.class, "accountId", TOPIC);
			MongoTemplate mongoTemplate = app.getBean(MongoTemplate.class);
			for (int r = 0; r < RESOURCES; r++) {
				accounts.upsert(new Account("account-" + r, 0));
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> unpublished(mongoTemplate) == 0);

			broker.kill();
			long killed = System.nanoTime();
			long slowest = 0;
			Map<String, Integer> latest = new HashMap<>();
			for (int i = 0; i < CHANGES; i++) {
				String id = "account-" + (i % RESOURCES);
				int version = latest.merge(id, 1, Integer::sum);
				long started = System.nanoTime();
				accounts.update(new Account(id, version));
				slowest = Math.max(slowest, System.nanoTime() - started);
				// Spread over the outage: the relay tries, fails and backs off meanwhile.
				long due = killed + OUTAGE.toNanos() * (i + 1) / CHANGES;
				await().atMost(OUTAGE).pollInterval(Duration.ofMillis(1)).until(() -> System.nanoTime() >= due);
			}
			assertThat(unpublished(mongoTemplate)).isPositive();
			broker.restart();
			await().atMost(Duration.ofMinutes(2)).until(() -> unpublished(mongoTemplate) == 0);

			JsonMapper json = new JsonMapper();
			Map<String, List<Integer>> versions = new HashMap<>();
			for (ConsumerRecord<String, byte[]> record : readAll(broker.bootstrapServers(), TOPIC, (record) -> true)) {
				versions.computeIfAbsent(record.key(), (key) -> new ArrayList<>())
					.add(json.readTree(record.value()).get("version").asInt());
			}
			assertThat(versions).hasSize(RESOURCES);
			versions.forEach((id, seen) -> {
				assertThat(seen).as("%s never goes back in time", id).isSorted();
				assertThat(seen.get(seen.size() - 1)).as("%s ends with its latest state", id).isEqualTo(latest.get(id));
			});
			assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(100));
			int events = versions.values().stream().mapToInt(List::size).sum();
			System.out.printf("Stateful outbox, Kafka down %s: %,d changes to %d resources, slowest DAO call %.1f ms; "
					+ "%,d events, each resource in order, ending with its latest state%n", OUTAGE, CHANGES, RESOURCES,
					slowest / 1e6, events);
		}
	}

	private static long unpublished(MongoTemplate mongo) {
		return mongo.getCollection("accounts").countDocuments(new Document("__metadata__.published", false));
	}

	private static ConfigurableApplicationContext start(KafkaBrokerProcess broker, EmbeddedMongo mongo) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(), "--spring.mongodb.uri=" + mongo.uri(),
					"--eventwire.service-name=stateful-outage", "--eventwire.outbox.relay.enabled=true",
					"--eventwire.outbox.relay.poll-interval=200ms",
					"--spring.kafka.producer.properties.delivery.timeout.ms=8000",
					"--spring.kafka.producer.properties.request.timeout.ms=3000",
					"--spring.kafka.producer.properties.max.block.ms=3000");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		NewTopic accountsTopic() {
			return TopicBuilder.name(TOPIC).partitions(3).replicas(1)
				.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
				.build();
		}

	}

}
