package io.eventwire.autoconfigure.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.test.process.ApplicationProcess;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.config.TopicBuilder;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A relay in a JVM of its own is killed with SIGKILL while it drains the outbox, possibly between
 * sending a batch and marking it. A second relay process takes its shards over once the leases
 * expire and finishes; anything sent twice carries the same event ids, and a consumer with the
 * inbox on handles each event once.
 */
class OutboxRelayCrashTests {

	static final String TOPIC = "outbox-crash-orders";

	static final int EVENTS = 5_000;

	static final Duration LEASE = Duration.ofSeconds(3);

	@Test
	void secondRelayTakesOverAfterTheFirstIsKilledAndTheInboxHandlesEachEventOnce(@TempDir Path tempDir)
			throws Exception {
		String brokers = System.getProperty("spring.embedded.kafka.brokers");
		try (EmbeddedMongo mongo = new EmbeddedMongo("outbox-crash");
				ConfigurableApplicationContext consumer = new SpringApplicationBuilder(ConsumerApp.class)
					.web(WebApplicationType.NONE)
					.run("--spring.mongodb.uri=" + mongo.uri(), "--eventwire.service-name=outbox-crash",
							"--eventwire.consumer.deduplication.enabled=true")) {
			MongoTemplate mongoTemplate = consumer.getBean(MongoTemplate.class);
			EventOutbox outbox = consumer.getBean(EventOutbox.class);
			for (int i = 0; i < EVENTS; i++) {
				outbox.publish(TOPIC, "step", "key-" + (i % 50), Map.of("seq", i));
			}

			ApplicationProcess first = startRelay(mongo, brokers, Path.of("target", "relay-crash-1.log"));
			String firstOwner;
			ApplicationProcess second = null;
			try {
				firstOwner = await().atMost(Duration.ofSeconds(60))
					.until(() -> leaseOwner(mongoTemplate), (owner) -> owner != null);
				// Kill it between sending and marking: more events on Kafka than marked published in the outbox.
				try (KafkaConsumer<String, byte[]> offsets = new KafkaConsumer<>(Map.of("bootstrap.servers", brokers),
						new StringDeserializer(), new ByteArrayDeserializer())) {
					List<TopicPartition> partitions = offsets.partitionsFor(TOPIC)
						.stream()
						.map((info) -> new TopicPartition(TOPIC, info.partition()))
						.toList();
					await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> {
						long onKafka = offsets.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
						return onKafka >= EVENTS / 10 && onKafka > published(mongoTemplate);
					});
					first.kill();
				}
				long publishedAtKill = published(mongoTemplate);
				assertThat(publishedAtKill).isLessThan(EVENTS);
				long killed = System.nanoTime();

				second = startRelay(mongo, brokers, Path.of("target", "relay-crash-2.log"));
				await().atMost(Duration.ofSeconds(60))
					.until(() -> leaseOwner(mongoTemplate), (owner) -> owner != null && !owner.equals(firstOwner));
				Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
				// The second relay's JVM takes a few seconds to start; the first one's leases have expired by then.
				assertThat(takeover).isLessThan(Duration.ofSeconds(30));
				await().atMost(Duration.ofSeconds(90)).until(() -> published(mongoTemplate) == EVENTS);

				Handler handler = consumer.getBean(Handler.class);
				await().atMost(Duration.ofSeconds(60)).until(() -> handler.calls.size() == EVENTS);
				await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
					.until(() -> handler.calls.values().stream().allMatch((calls) -> calls.get() == 1));
				List<ConsumerRecord<String, byte[]>> records = readAll(brokers, TOPIC, (record) -> true);
				int sent = records.size();
				Set<String> ids = ConcurrentHashMap.newKeySet();
				records.forEach((record) -> ids.add(header(record, "event_id")));
				assertThat(ids).hasSize(EVENTS);
				assertThat(sent).isGreaterThanOrEqualTo(EVENTS);
				System.out.printf("Relay crash: killed after %d of %d published; takeover after %d ms (lease %d ms); "
						+ "%d records sent for %d events, each handled once%n", publishedAtKill, EVENTS,
						takeover.toMillis(), LEASE.toMillis(), sent, EVENTS);
			}
			finally {
				first.close();
				if (second != null) {
					second.close();
				}
			}
		}
	}

	private static String leaseOwner(MongoTemplate mongo) {
		Document lease = mongo.findOne(Query.query(Criteria.where("_id").regex("^lease-").and("owner").ne(null)
			.and("expires").gt(new java.util.Date())), Document.class, "eventwire_outbox_leases");
		return (lease != null) ? lease.getString("owner") : null;
	}

	private static long published(MongoTemplate mongo) {
		return mongo.count(Query.query(Criteria.where("published").is(true)), "eventwire_outbox");
	}

	private static ApplicationProcess startRelay(EmbeddedMongo mongo, String brokers, Path log) {
		return ApplicationProcess.start(RelayProcessMain.class, log, "--spring.mongodb.uri=" + mongo.uri(),
				"--spring.kafka.bootstrap-servers=" + brokers, "--eventwire.service-name=outbox-crash-relay",
				"--eventwire.outbox.relay.enabled=true", "--eventwire.outbox.relay.poll-interval=100ms",
				"--eventwire.outbox.relay.batch-size=250", "--eventwire.outbox.relay.idle-check-interval=1s",
				"--eventwire.outbox.relay.lease-duration=" + LEASE.toMillis() + "ms");
	}

	@EventTranslator(topics = TOPIC)
	static class Handler {

		final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

		@OnEvent("step")
		void step(Map<String, Object> event, EventMetadata metadata) {
			this.calls.computeIfAbsent(metadata.eventId(), (id) -> new AtomicInteger()).incrementAndGet();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Handler.class)
	static class ConsumerApp {

		@Bean
		NewTopic ordersTopic() {
			return TopicBuilder.name(TOPIC).partitions(3).replicas(1).build();
		}

	}

}
