package io.eventwire.autoconfigure.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.eventwire.outbox.EventOutbox;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import static io.eventwire.autoconfigure.outbox.RetentionScenario.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A restart with another outbox and inbox retention, against the same real MongoDB: the TTL
 * indexes take the new retention (a real server refuses the conflicting index with code 85; the
 * handling is also tested without a server in TtlIndexesTests), the relay publishes and the inbox
 * records.
 */
@Testcontainers(disabledWithoutDocker = true)
class RetentionChangeTests {

	@Container
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:7.0");

	@Test
	void aChangedRetentionAppliesAndTheRelayAndInboxKeepWorking() {
		Queue<String> handled = new ConcurrentLinkedQueue<>();
		try (ConfigurableApplicationContext first = start(handled, "7d", "7d")) {
			first.getBean(EventOutbox.class).publish(TOPIC, "order_placed", "o-1", Map.of("orderId", "o-1"));
			await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("o-1"));
		}
		try (ConfigurableApplicationContext second = start(handled, "1d", "2d")) {
			second.getBean(EventOutbox.class).publish(TOPIC, "order_placed", "o-2", Map.of("orderId", "o-2"));
			await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("o-2"));
			MongoTemplate template = second.getBean(MongoTemplate.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> template.getCollection("eventwire_inbox").countDocuments() >= 2);
			assertThat(expireAfterSeconds(template, "eventwire_outbox", "published_at")).isEqualTo(86_400L);
			assertThat(expireAfterSeconds(template, "eventwire_inbox", "handled_at")).isEqualTo(172_800L);
		}
	}

	private static long expireAfterSeconds(MongoTemplate template, String collection, String field) {
		for (Document index : template.getCollection(collection).listIndexes().into(new ArrayList<>())) {
			if (index.get("key", Document.class).containsKey(field)) {
				return ((Number) index.get("expireAfterSeconds")).longValue();
			}
		}
		throw new AssertionError("No TTL index on " + collection + "." + field);
	}

	private static ConfigurableApplicationContext start(Queue<String> handled, String outboxRetention,
			String inboxRetention) {
		return RetentionScenario.start(handled, mongo.getReplicaSetUrl("retention-change"), "retention-change",
				outboxRetention, inboxRetention);
	}

}
