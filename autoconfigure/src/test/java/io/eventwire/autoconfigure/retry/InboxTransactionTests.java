package io.eventwire.autoconfigure.retry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventwire.EventMetadata;
import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.PublishResult;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.MongoTransactionManager;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inbox inside a MongoDB transaction, on a real single-node replica set: the event is claimed,
 * handled and committed together, so a handler that fails after writing leaves neither its write
 * nor the claim behind, and the retry handles the event once. Needs Docker; skipped without. (The
 * order of claim, handler and commit is also tested without a server in {@code InboxedHandlingTests}.)
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = InboxTransactionTests.App.class,
		properties = { "eventwire.service-name=inbox-tx-it", "eventwire.consumer.deduplication.enabled=true",
				"eventwire.consumer.deduplication.transactional=true",
				"eventwire.retry.backoff=200ms" })
class InboxTransactionTests {

	static final String TOPIC = "inbox-tx-it-orders";

	@Container
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:7.0");

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> mongo.getReplicaSetUrl("inbox-tx-it"));
	}

	@Autowired
	EventPublisher publisher;

	@Autowired
	Shipments shipments;

	@Autowired
	MongoTemplate mongoTemplate;

	@Test
	void aHandlerFailingAfterItsWriteLeavesNeitherTheWriteNorTheClaimAndTheRetryHandlesItOnce() {
		PublishResult result = this.publisher.publishAsync(TOPIC, "placed", "o-1", new Placed("o-1")).join();

		await().atMost(Duration.ofSeconds(30)).until(() -> this.shipments.calls.get() >= 2
				&& this.mongoTemplate.exists(Query.query(Criteria.where("_id").is("inbox-tx-it:" + result.eventId())),
						"eventwire_inbox"));

		assertThat(this.mongoTemplate.count(Query.query(Criteria.where("orderId").is("o-1")), "shipments")).isOne();
		assertThat(this.shipments.calls.get()).isEqualTo(2);
	}

	record Placed(String orderId) {
	}

	@EventTranslator(topics = TOPIC)
	static class Shipments {

		final AtomicInteger calls = new AtomicInteger();

		private final MongoTemplate mongo;

		Shipments(MongoTemplate mongo) {
			this.mongo = mongo;
		}

		@OnEvent("placed")
		void placed(Placed placed, EventMetadata metadata) {
			this.mongo.insert(new Document("orderId", placed.orderId()), "shipments");
			if (this.calls.incrementAndGet() == 1) {
				throw new IllegalStateException("carrier refused the first try");
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Shipments.class)
	static class App {

		@Bean
		MongoTransactionManager transactionManager(MongoDatabaseFactory factory) {
			return new MongoTransactionManager(factory);
		}

	}

}
