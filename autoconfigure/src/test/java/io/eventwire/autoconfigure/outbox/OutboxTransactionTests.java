package io.eventwire.autoconfigure.outbox;

import java.time.Duration;
import java.util.Map;

import io.eventwire.OutgoingEvent;
import io.eventwire.internal.Uuids;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxTransactionRequiredException;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.MongoTransactionManager;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The event outbox inside a MongoDB transaction, on a real single-node replica set: business
 * document and event commit together, a rollback stores neither, a first write after a business
 * write in the same transaction commits (the relay prepares the collection after it), and with
 * {@code require-transaction} a write inside a transaction goes through while one outside fails.
 * Needs Docker; skipped without.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = OutboxTransactionTests.App.class,
		properties = { "eventwire.service-name=outbox-tx-it", "eventwire.outbox.relay.enabled=true",
				"eventwire.outbox.require-transaction=true" })
class OutboxTransactionTests {

	@Container
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:7.0");

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> mongo.getReplicaSetUrl("outbox-tx-it"));
	}

	@Autowired
	EventOutbox outbox;

	@Autowired
	MongoTemplate mongoTemplate;

	@Autowired
	MongoTransactionManager transactionManager;

	@Test
	void businessDocumentAndEventCommitTogether() {
		String eventId = Uuids.random();
		new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
			this.mongoTemplate.insert(new Document("_id", "order-1").append("status", "placed"), "orders");
			this.outbox.publish(OutgoingEvent.builder("outbox-tx-orders", "order_placed", "order-1",
					Map.of("orderId", "order-1")).eventId(eventId).build());
		});
		assertThat(this.mongoTemplate.findById("order-1", Document.class, "orders")).isNotNull();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.mongoTemplate.findById(eventId, Document.class, "eventwire_outbox").getBoolean("published"));
	}

	@Test
	void aWriteOutsideATransactionIsRefused() {
		assertThatExceptionOfType(OutboxTransactionRequiredException.class).isThrownBy(() -> this.outbox
			.publish(OutgoingEvent.builder("outbox-tx-orders", "order_placed", "order-3", Map.of("orderId", "order-3"))
				.build()));
	}

	@Test
	void rollbackStoresNeither() {
		String eventId = Uuids.random();
		assertThatIllegalStateException()
			.isThrownBy(() -> new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
				this.mongoTemplate.insert(new Document("_id", "order-2").append("status", "placed"), "orders");
				this.outbox.publish(OutgoingEvent.builder("outbox-tx-orders", "order_placed", "order-2",
						Map.of("orderId", "order-2")).eventId(eventId).build());
				throw new IllegalStateException("payment refused");
			}));
		assertThat(this.mongoTemplate.findById("order-2", Document.class, "orders")).isNull();
		assertThat(this.mongoTemplate.findById(eventId, Document.class, "eventwire_outbox")).isNull();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		MongoTransactionManager transactionManager(MongoDatabaseFactory factory) {
			return new MongoTransactionManager(factory);
		}

	}

}
