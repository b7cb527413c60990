package io.eventwire.autoconfigure.outbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxRelay;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.config.TopicBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two relay instances (two application contexts) on one outbox: they share the shards, every event
 * reaches Kafka once and in order per key, and when one stops the other takes over its shards.
 */
class OutboxRelayInstancesTests {

	static final String TOPIC = "outbox-multi-orders";

	static final int EVENTS = 10_000;

	static final int KEYS = 50;

	static final Duration LEASE = Duration.ofSeconds(3);

	@Test
	void twoInstancesDrainTheOutboxInOrderWithoutDuplicatesAndOneTakesOverWhenTheOtherStops() {
		try (EmbeddedMongo mongo = new EmbeddedMongo("outbox-multi");
				ConfigurableApplicationContext first = start(mongo);
				ConfigurableApplicationContext second = start(mongo)) {
			MongoTemplate mongoTemplate = first.getBean(MongoTemplate.class);
			String firstId = first.getBean(OutboxRelay.class).getInstanceId();
			String secondId = second.getBean(OutboxRelay.class).getInstanceId();
			// The first write starts the first relay; the second notices the outbox is used at its next idle check.
			EventOutbox outbox = first.getBean(EventOutbox.class);
			outbox.publish(TOPIC, "step", "warm-up", Map.of("key", "warm-up", "seq", -1));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> leasesOf(mongoTemplate, firstId) == 4 && leasesOf(mongoTemplate, secondId) == 4);

			for (int i = 0; i < EVENTS; i++) {
				outbox.publish(TOPIC, "step", "key-" + (i % KEYS), Map.of("key", "key-" + (i % KEYS), "seq", i));
				if (i == EVENTS / 2) {
					second.close();
				}
			}
			// The stopped instance gave its leases back: the other holds every shard within a lease duration.
			await().atMost(LEASE.plusSeconds(2)).until(() -> leasesOf(mongoTemplate, firstId) == 8);

			// The relay marks an event published only once Kafka acknowledged it: when nothing is pending,
			// everything is on Kafka and nothing more will be sent.
			await().atMost(Duration.ofSeconds(90))
				.until(() -> mongoTemplate.count(Query.query(Criteria.where("published").is(false)), "eventwire_outbox") == 0);
			List<ConsumerRecord<String, byte[]>> records = readAll(
					first.getEnvironment().getProperty("spring.embedded.kafka.brokers"), TOPIC,
					(record) -> !"warm-up".equals(record.key()));
			Set<String> eventIds = new HashSet<>();
			Map<String, Integer> lastSeq = new HashMap<>();
			JsonMapper json = new JsonMapper();
			for (ConsumerRecord<String, byte[]> record : records) {
				eventIds.add(header(record, "event_id"));
				JsonNode payload = json.readTree(record.value());
				int seq = payload.get("seq").asInt();
				Integer previous = lastSeq.put(record.key(), seq);
				if (previous != null) {
					assertThat(seq).as("order of key %s", record.key()).isGreaterThan(previous);
				}
			}
			assertThat(records).hasSize(EVENTS);
			assertThat(eventIds).hasSize(EVENTS);
			assertThat(lastSeq).hasSize(KEYS);
		}
	}

	private static long leasesOf(MongoTemplate mongo, String instanceId) {
		return mongo.count(Query.query(Criteria.where("owner").is(instanceId)
			.and("expires")
			.gt(new java.util.Date())
			.and("_id")
			.regex("^lease-")), "eventwire_outbox_leases");
	}

	private static ConfigurableApplicationContext start(EmbeddedMongo mongo) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run("--spring.mongodb.uri=" + mongo.uri(), "--eventwire.service-name=outbox-multi",
					"--eventwire.outbox.relay.enabled=true", "--eventwire.outbox.relay.shards=8",
					"--eventwire.outbox.relay.poll-interval=200ms", "--eventwire.outbox.relay.lease-duration=" + LEASE.toMillis() + "ms",
					"--eventwire.outbox.relay.batch-size=200", "--eventwire.outbox.relay.idle-check-interval=1s");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		NewTopic ordersTopic() {
			return TopicBuilder.name(TOPIC).partitions(6).replicas(1).build();
		}

	}

}
