package io.eventwire.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.eventwire.correlation.CorrelationId;
import io.eventwire.publish.EventProducer;
import io.eventwire.publish.EventRecordFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaProducerException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay's principal loses Write on the topic while events are pending, then gets it back: no
 * attempt is counted, nothing is marked failed, the relay backs off instead of querying again at
 * once, and everything goes out afterwards in order. (The broker's answer is the client's
 * TopicAuthorizationException, as spring-kafka reports it.)
 */
class OutboxRelayAuthorizationTests {

	private MongoServer server;

	private MongoClient client;

	private MongoTemplate mongo;

	private final AtomicBoolean denied = new AtomicBoolean(true);

	private final AtomicInteger refusedSends = new AtomicInteger();

	private final List<String> sent = new ArrayList<>();

	private OutboxRelay relay;

	@BeforeEach
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create(this.server.bindAndGetConnectionString());
		this.mongo = new MongoTemplate(this.client, "relay-acl");
	}

	@AfterEach
	void stop() {
		if (this.relay != null) {
			this.relay.stop();
		}
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void aMissingWritePermissionMarksNothingFailedAndTheBacklogGoesOutOnceItIsBack() {
		EventRecordFactory records = new EventRecordFactory(JsonMapper.builder().build(), true);
		MongoEventOutbox outbox = new MongoEventOutbox(this.mongo, "eventwire_outbox", records, Set.of(), () -> {
		}, OutboxTracing.NONE, Clock.systemUTC());
		try (CorrelationId.Scope scope = CorrelationId.open(CorrelationId.generate())) {
			for (int i = 0; i < 50; i++) {
				outbox.publish("orders", "step", "key-" + (i % 5), Map.of("seq", i));
			}
		}
		OutboxRelaySettings settings = new OutboxRelaySettings("eventwire_outbox", "eventwire_outbox_leases",
				Duration.ofMillis(50), 20, Duration.ofSeconds(3), 4, 2, Duration.ofDays(1), "relay-1");
		this.relay = new OutboxRelay(this.mongo, new EventProducer(new DenyingTemplate()), records, settings,
				OutboxMetrics.NONE, Clock.systemUTC(), null, OutboxTracing.NONE);
		this.relay.start();

		// Refused again and again for 4 s (max-attempts is 2), yet nothing counts as an attempt...
		await().atMost(Duration.ofSeconds(20)).until(() -> this.refusedSends.get() >= 3);
		await().during(Duration.ofSeconds(4))
			.atMost(Duration.ofSeconds(6))
			.until(() -> outboxCount(Filters.eq("failed", true)) == 0 && outboxCount(Filters.gt("attempts", 0)) == 0);
		// ...and the relay backs off rather than querying again at once: a few tries, not thousands.
		assertThat(this.refusedSends.get()).isLessThan(50);

		this.denied.set(false);
		await().atMost(Duration.ofSeconds(60)).until(() -> outboxCount(Filters.eq("published", false)) == 0);
		assertThat(outboxCount(Filters.eq("failed", true))).isZero();
		synchronized (this.sent) {
			for (int k = 0; k < 5; k++) {
				String key = "key-" + k;
				List<Integer> seqs = this.sent.stream()
					.filter((record) -> record.startsWith(key + "="))
					.map((record) -> Integer.valueOf(record.substring(record.indexOf('=') + 1)))
					.distinct()
					.toList();
				assertThat(seqs).as(key).isSorted().hasSize(10);
			}
		}
	}

	private long outboxCount(org.bson.conversions.Bson filter) {
		return this.mongo.getCollection("eventwire_outbox").countDocuments(filter);
	}

	/** Refuses every send with the broker's authorization failure while {@code denied}. */
	private final class DenyingTemplate extends KafkaTemplate<String, byte[]> {

		DenyingTemplate() {
			super(new DefaultKafkaProducerFactory<>(Map.of("bootstrap.servers", "localhost:9")));
		}

		@Override
		public CompletableFuture<SendResult<String, byte[]>> send(ProducerRecord<String, byte[]> record) {
			if (OutboxRelayAuthorizationTests.this.denied.get()) {
				OutboxRelayAuthorizationTests.this.refusedSends.incrementAndGet();
				return CompletableFuture.failedFuture(new KafkaProducerException(record, "Failed to send",
						new TopicAuthorizationException(Set.of(record.topic()))));
			}
			String value = new String(record.value(), java.nio.charset.StandardCharsets.UTF_8);
			synchronized (OutboxRelayAuthorizationTests.this.sent) {
				OutboxRelayAuthorizationTests.this.sent
					.add(record.key() + "=" + value.replaceAll("\\D", ""));
			}
			return CompletableFuture.completedFuture(new SendResult<>(record,
					new RecordMetadata(new TopicPartition(record.topic(), 0), 0, 0, 0, 0, 0)));
		}

	}

}
