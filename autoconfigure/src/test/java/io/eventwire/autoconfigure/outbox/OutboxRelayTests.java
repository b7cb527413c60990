package io.eventwire.autoconfigure.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.OutgoingEvent;
import io.eventwire.correlation.CorrelationId;
import io.eventwire.internal.Uuids;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxDocuments;
import io.eventwire.outbox.OutboxRelay;
import java.util.List;
import org.springframework.boot.health.contributor.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.bson.Document;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.junit.jupiter.api.Test;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event outbox and its relay, on mongo-java-server and the embedded broker. The poll interval is
 * a minute and nothing else about the relay is set (the lease duration keeps its default, half the
 * poll interval), so events that arrive within seconds prove the after-write wakeup, and leases that
 * stay renewed prove that leases are kept apart from polling.
 */
// The context owns its MongoDB server: both go when the class is done, the server after the relay stopped.
@DirtiesContext
@SpringBootTest(classes = OutboxRelayTests.App.class,
		properties = { "eventwire.service-name=outbox-it", "eventwire.outbox.relay.enabled=true",
				"eventwire.outbox.relay.poll-interval=60s",
				"eventwire.outbox.relay.max-attempts=2", "eventwire.consumer.deduplication.enabled=true",
				"eventwire.outbox.health.max-pending-age=1s",
				"eventwire.outbox.compacted-topics=" + OutboxRelayTests.COMPACTED })
class OutboxRelayTests {

	static final String TOPIC = "outbox-it-orders";

	static final String COMPACTED = "outbox-it-compacted";

	static final EmbeddedMongo mongo = new EmbeddedMongo("outbox-it");

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", mongo::uri);
	}


	@Autowired
	EventOutbox outbox;

	@Autowired
	MongoTemplate mongoTemplate;

	@Autowired
	Handlers handlers;

	@Autowired
	MeterRegistry meters;

	@Autowired
	OutboxRelay relay;

	@Autowired
	OutboxHealthIndicator health;

	@Autowired
	Queue<String> commands;

	@org.springframework.beans.factory.annotation.Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@Test
	void storedEventReachesKafkaWithItsEventIdAndCorrelationIdRightAfterTheWrite() {
		String correlationId = CorrelationId.generate();
		String eventId = Uuids.random();
		Instant written = Instant.now();
		try (CorrelationId.Scope scope = CorrelationId.open(correlationId)) {
			this.outbox.publish(OutgoingEvent.builder(TOPIC, "order_placed", "o-1", Map.of("orderId", "o-1"))
				.eventId(eventId)
				.header("tenant", "acme")
				.build());
		}
		Document stored = this.mongoTemplate.findById(eventId, Document.class, "eventwire_outbox");
		assertThat(stored).isNotNull();
		assertThat(stored.getString("topic")).isEqualTo(TOPIC);
		assertThat(stored.getString("key")).isEqualTo("o-1");
		assertThat(stored.getString("type_")).isEqualTo("order_placed");
		assertThat(Document.parse(stored.getString("payload_json"))).containsEntry("orderId", "o-1");
		assertThat(stored.getString("event_id")).isEqualTo(eventId);
		assertThat(stored.getString("correlation_id")).isEqualTo(correlationId);
		assertThat(stored.get("headers", Document.class)).containsEntry("tenant", "acme");
		assertThat(stored.getDate("created")).isNotNull();

		Received received = await().atMost(Duration.ofSeconds(20)).until(() -> this.handlers.find("o-1"), (r) -> r != null);
		assertThat(received.metadata().eventId()).isEqualTo(eventId);
		assertThat(received.metadata().correlationId()).isEqualTo(correlationId);
		assertThat(received.metadata().headers()).containsEntry("tenant", "acme");
		// Far below the 60 s poll interval: the write woke the relay.
		assertThat(Duration.between(written, received.at())).isLessThan(Duration.ofSeconds(10));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Document published = this.mongoTemplate.findById(eventId, Document.class, "eventwire_outbox");
			assertThat(published.getBoolean("published")).isTrue();
			assertThat(published.getDate("published_at")).isNotNull();
		});
		assertThat(this.meters.get("eventwire.outbox.published").counter().count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void leasesAreRenewedBetweenPollsLongerThanTheLease() {
		outboxUsed();
		// Default lease 30 s, renewed every 5 s; the relay polls once a minute.
		Date expiry = await().atMost(Duration.ofSeconds(20)).until(this::latestLeaseExpiry, (date) -> date != null);
		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.latestLeaseExpiry().toInstant().isAfter(expiry.toInstant().plusSeconds(3)));
		assertThat(this.mongoTemplate.getCollection("eventwire_outbox_leases")
			.countDocuments(new Document("_id", new Document("$regex", "^lease-")).append("expires",
					new Document("$gt", new Date())))).isEqualTo(16);
	}

	private Date latestLeaseExpiry() {
		Document lease = this.mongoTemplate.getCollection("eventwire_outbox_leases")
			.find(new Document("_id", new Document("$regex", "^lease-")))
			.sort(new Document("expires", -1))
			.first();
		return (lease != null) ? lease.getDate("expires") : null;
	}

	@Test
	void eventsOfOneKeyArriveInTheOrderWritten() {
		for (int i = 0; i < 200; i++) {
			this.outbox.publish(TOPIC, "order_step", "ordered-key", Map.of("orderId", "ordered-key", "step", i));
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> this.handlers.steps.size() == 200);
		assertThat(java.util.List.copyOf(this.handlers.steps)).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void compactedTopicKeepsOneDocumentPerKeyWithTheNewestEvent() {
		this.outbox.publish(COMPACTED, "stock", "sku-1", Map.of("level", 1));
		this.outbox.publish(COMPACTED, "stock", "sku-1", Map.of("level", 2));
		Document stored = this.mongoTemplate.findById(COMPACTED + ":sku-1", Document.class, "eventwire_outbox");
		assertThat(Document.parse(stored.getString("payload_json"))).containsEntry("level", 2);
		assertThat(this.mongoTemplate.count(Query.query(Criteria.where("topic").is(COMPACTED)), "eventwire_outbox"))
			.isEqualTo(1);
	}

	@Test
	void eventThatCanNeverBeSentIsMarkedFailedWithoutBlockingOtherKeys() {
		String eventId = Uuids.random();
		// Larger than the producer's max.request.size (1 MiB): Kafka refuses it every time.
		this.outbox.publish(OutgoingEvent.builder(TOPIC, "order_placed", "huge", Map.of("orderId", "huge", "blob",
				"x".repeat(1_200_000)))
			.eventId(eventId)
			.build());
		this.outbox.publish(TOPIC, "order_placed", "after-huge", Map.of("orderId", "after-huge"));

		await().atMost(Duration.ofSeconds(20)).until(() -> this.handlers.find("after-huge") != null);
		// The relay retries on its next cycles; wake it until it gives up.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			this.outbox.publish(TOPIC, "nudge", "nudge-" + Uuids.random(), Map.of());
			Document stored = this.mongoTemplate.findById(eventId, Document.class, "eventwire_outbox");
			assertThat(stored.getBoolean(OutboxDocuments.FAILED)).isTrue();
			assertThat(stored.getInteger(OutboxDocuments.ATTEMPTS)).isEqualTo(2);
			assertThat(stored.getString(OutboxDocuments.LAST_ERROR)).contains("RecordTooLargeException");
			assertThat(stored.getBoolean(OutboxDocuments.PUBLISHED)).isFalse();
		});
		assertThat(this.handlers.find("huge")).isNull();
		assertThat(this.meters.get("eventwire.outbox.failed").tag("topic", TOPIC).counter().count()).isEqualTo(1);
	}

	@Test
	void batchSentAgainAfterALostMarkIsHandledOnceThanksToTheInbox() {
		String eventId = Uuids.random();
		this.outbox.publish(OutgoingEvent.builder(TOPIC, "order_placed", "resent", Map.of("orderId", "resent"))
			.eventId(eventId)
			.build());
		await().atMost(Duration.ofSeconds(20)).until(() -> this.handlers.find("resent") != null);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.mongoTemplate.findById(eventId, Document.class, "eventwire_outbox").getBoolean("published"));

		// What a relay that died after sending and before marking leaves behind.
		this.mongoTemplate.updateFirst(Query.query(Criteria.where("_id").is(eventId)),
				org.springframework.data.mongodb.core.query.Update.update("published", false), "eventwire_outbox");
		this.outbox.publish(TOPIC, "nudge", "nudge-resent", Map.of());

		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.mongoTemplate.findById(eventId, Document.class, "eventwire_outbox").getBoolean("published"));
		// Sent twice with the same event id...
		await().atMost(Duration.ofSeconds(20))
			.until(() -> readAll(this.brokers, TOPIC, (record) -> eventId.equals(header(record, "event_id"))).size() == 2);
		// ...handled once.
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
			.until(() -> this.handlers.received.stream().filter((r) -> eventId.equals(r.metadata().eventId())).count() == 1);
		assertThat(this.mongoTemplate.findById("outbox-it:" + eventId, Document.class, "eventwire_inbox")).isNotNull();
	}

	@Test
	void metricsAndHealthFollowTheBacklog() {
		outboxUsed();
		this.relay.stop();
		try {
			for (int i = 0; i < 100; i++) {
				this.outbox.publish(TOPIC, "backlog", "backlog-" + (i % 7), Map.of("n", i));
			}
			// Read on their own schedule (every 5 s here), also while the relay is stopped.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(this.meters.get("eventwire.outbox.pending").gauge().value()).isGreaterThanOrEqualTo(100);
				assertThat(this.meters.get("eventwire.outbox.oldest.pending.age").gauge().value()).isGreaterThan(1.0);
				assertThat(this.health.health(true).getStatus()).isEqualTo(Status.DOWN);
			});
			assertThat(this.health.health(true).getDetails()).containsKeys("pending", "oldestPendingAge", "failed");
		}
		finally {
			this.relay.start();
		}
		double publishedBefore = this.meters.get("eventwire.outbox.published").counter().count();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(this.meters.get("eventwire.outbox.pending").gauge().value()).isZero();
			assertThat(this.meters.get("eventwire.outbox.oldest.pending.age").gauge().value()).isZero();
			assertThat(this.health.health(true).getStatus()).isEqualTo(Status.UP);
		});
		assertThat(this.meters.get("eventwire.outbox.published").counter().count()).isGreaterThanOrEqualTo(publishedBefore + 100);
		assertThat(this.meters.get("eventwire.outbox.relay.batch").timer().count()).isPositive();
	}

	@Test
	void healthProbesAndMeterScrapesIssueNoMongoCommand() {
		String probing = Thread.currentThread().getName();
		this.commands.clear();
		for (int i = 0; i < 20; i++) {
			this.health.health(true);
			this.meters.get("eventwire.outbox.pending").gauge().value();
			this.meters.get("eventwire.outbox.oldest.pending.age").gauge().value();
		}
		assertThat(this.commands).doesNotContain(probing);
		// The listener does see this thread's commands: a direct count is one.
		this.relay.pendingCount();
		assertThat(this.commands).contains(probing);
	}

	@Test
	void publishedEventsExpireThroughATtlIndex() {
		outboxUsed();
		List<Document> indexes = this.mongoTemplate.getCollection("eventwire_outbox").listIndexes().into(new java.util.ArrayList<>());
		assertThat(indexes).anySatisfy((index) -> {
			assertThat(index.get("key", Document.class)).containsOnlyKeys("published_at");
			assertThat(((Number) index.get("expireAfterSeconds")).longValue()).isEqualTo(Duration.ofDays(7).toSeconds());
		});
	}

	// The relay prepares the outbox (indexes, leases, statistics) once it is used: whatever test runs first.
	private void outboxUsed() {
		String eventId = Uuids.random();
		this.outbox.publish(OutgoingEvent.builder(TOPIC, "nudge", "used", Map.of()).eventId(eventId).build());
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.mongoTemplate.findById(eventId, Document.class, "eventwire_outbox").getBoolean("published"));
	}

	record Received(Map<String, Object> payload, EventMetadata metadata, Instant at) {
	}

	@EventTranslator(topics = TOPIC)
	static class Handlers {

		final Queue<Received> received = new ConcurrentLinkedQueue<>();

		final Queue<Integer> steps = new ConcurrentLinkedQueue<>();

		@OnEvent("order_placed")
		void placed(Map<String, Object> event, EventMetadata metadata) {
			this.received.add(new Received(event, metadata, Instant.now()));
		}

		@OnEvent("order_step")
		void step(Map<String, Object> event) {
			this.steps.add((Integer) event.get("step"));
		}

		Received find(String orderId) {
			return this.received.stream().filter((r) -> orderId.equals(r.payload().get("orderId"))).findFirst().orElse(null);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Handlers.class)
	static class App {

		@Bean
		DisposableBean closeEmbeddedMongo() {
			return mongo::close;
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		/** The names of the threads that issued MongoDB commands. */
		@Bean
		Queue<String> commands() {
			return new ConcurrentLinkedQueue<>();
		}

		@Bean
		MongoClientSettingsBuilderCustomizer recordCommands(Queue<String> commands) {
			return (settings) -> settings.addCommandListener(new CommandListener() {
				@Override
				public void commandStarted(CommandStartedEvent event) {
					commands.add(Thread.currentThread().getName());
				}
			});
		}

		@Bean
		NewTopic ordersTopic() {
			return TopicBuilder.name(TOPIC).partitions(3).replicas(1).build();
		}

	}

}
