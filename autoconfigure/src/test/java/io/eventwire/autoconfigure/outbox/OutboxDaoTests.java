package io.eventwire.autoconfigure.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.eventwire.correlation.CorrelationId;
import io.eventwire.outbox.OutboxDao;
import io.eventwire.outbox.OutboxDaoFactory;
import io.eventwire.outbox.ResourceAlreadyExistsException;
import io.eventwire.outbox.ResourceNotFoundException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The stateful outbox: every change of a resource is stored with its metadata and published.
 */
// The context owns its MongoDB server: both go when the class is done, the server after the relay stopped.
@DirtiesContext
@SpringBootTest(classes = OutboxDaoTests.App.class, properties = { "eventwire.service-name=outbox-dao-it",
		"eventwire.outbox.relay.enabled=true", "eventwire.outbox.relay.poll-interval=200ms" })
class OutboxDaoTests {

	static final String TOPIC = "outbox-dao-orders";

	static final EmbeddedMongo mongo = new EmbeddedMongo("outbox-dao");

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", mongo::uri);
	}


	@Autowired
	OutboxDaoFactory factory;

	@Autowired
	MongoTemplate mongoTemplate;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	record Order(String orderId, String status, int quantity) {
	}

	@Test
	void writesPublishUpsertedAndDeletedEventsAndReadsHideDeletedResources() {
		OutboxDao<Order, String> orders = this.factory.create("dao_orders", Order.class, "orderId", TOPIC);
		String correlationId = CorrelationId.generate();
		try (CorrelationId.Scope scope = CorrelationId.open(correlationId)) {
			orders.insert(new Order("o-1", "new", 1));
			orders.update(new Order("o-1", "paid", 1));
			orders.upsert(new Order("o-2", "new", 5));
			orders.delete("o-1");
		}

		assertThat(orders.findById("o-1")).isEmpty();
		assertThat(orders.findById("o-2")).contains(new Order("o-2", "new", 5));
		assertThat(orders.find(Map.of("status", "new"))).containsExactly(new Order("o-2", "new", 5));
		assertThatExceptionOfType(ResourceNotFoundException.class).isThrownBy(() -> orders.update(new Order("o-1", "x", 1)));
		assertThatExceptionOfType(ResourceNotFoundException.class).isThrownBy(() -> orders.delete("o-1"));
		assertThatExceptionOfType(ResourceAlreadyExistsException.class)
			.isThrownBy(() -> orders.insert(new Order("o-2", "new", 5)));

		Document tombstone = this.mongoTemplate.findById("o-1", Document.class, "dao_orders");
		assertThat(tombstone.keySet()).containsExactlyInAnyOrder("_id", "__metadata__");
		assertThat(tombstone.get("__metadata__", Document.class)).containsEntry("deleted", true)
			.containsEntry("correlation_id", correlationId);

		// The relay publishes the newest state of each resource; a state replaced before it went out is
		// skipped, but states never go back: o-1's events are a subsequence of its changes, ending deleted.
		await().atMost(Duration.ofSeconds(30)).until(() -> !events("o-1").isEmpty()
				&& "deleted".equals(header(events("o-1").get(events("o-1").size() - 1), "type")));
		await().atMost(Duration.ofSeconds(30)).until(() -> events("o-2").size() == 1);
		Document metadata = this.mongoTemplate.findById("o-1", Document.class, "dao_orders")
			.get("__metadata__", Document.class);
		assertThat(metadata).containsEntry("published", true);
		List<ConsumerRecord<String, byte[]>> o1 = events("o-1");
		List<Map<String, Object>> changes = List.of(Map.of("orderId", "o-1", "status", "new", "quantity", 1),
				Map.of("orderId", "o-1", "status", "paid", "quantity", 1), Map.of());
		List<Map<String, Object>> published = o1.stream().map(OutboxDaoTests::payload).toList();
		assertThat(published).last().isEqualTo(Map.of());
		assertThat(isSubsequence(published, changes)).as("%s is a subsequence of %s", published, changes).isTrue();
		assertThat(o1).allSatisfy((record) -> assertThat(header(record, "correlation_id")).isEqualTo(correlationId));
		assertThat(header(o1.get(o1.size() - 1), "event_id")).isEqualTo(metadata.getString("last_event_id"));
		assertThat(header(events("o-2").get(0), "type")).isEqualTo("upserted");

		// Republishing sends the current states again, tombstones included, under the stored correlation ids.
		try (CorrelationId.Scope scope = CorrelationId.open(CorrelationId.generate())) {
			assertThat(orders.republishAll()).isEqualTo(2);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> events("o-1").size() == o1.size() + 1);
		List<ConsumerRecord<String, byte[]>> again = events("o-1");
		ConsumerRecord<String, byte[]> last = again.get(again.size() - 1);
		assertThat(header(last, "type")).isEqualTo("deleted");
		assertThat(header(last, "correlation_id")).isEqualTo(correlationId);
		assertThat(header(last, "event_id")).isNotEqualTo(header(o1.get(o1.size() - 1), "event_id"));
		await().atMost(Duration.ofSeconds(30)).until(() -> events("o-2").size() == 2);
		assertThat(payload(events("o-2").get(1))).isEqualTo(Map.of("orderId", "o-2", "status", "new", "quantity", 5));
	}

	@Test
	void aChangeLeftUnpublishedIsPublishedByTheRelay() {
		OutboxDao<Order, String> orders = this.factory.create("dao_pending", Order.class, "orderId", TOPIC);
		orders.upsert(new Order("p-1", "new", 1));
		await().atMost(Duration.ofSeconds(30)).until(() -> events("p-1").size() == 1);
		// As an earlier version left a change it could not publish: unpublished, and no key hash.
		this.mongoTemplate.getCollection("dao_pending")
			.updateOne(new Document("_id", "p-1"), new Document("$set", new Document("__metadata__.published", false))
				.append("$unset", new Document("__metadata__.key_hash", "")));
		assertThat(orders.publishPending()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(30)).until(() -> events("p-1").size() == 2);
		await().atMost(Duration.ofSeconds(10)).until(() -> orders.publishPending() == 0);
	}

	@Test
	void aChangeStoredByAnEarlierVersionIsRelayedFromItsFields() {
		OutboxDao<Order, String> orders = this.factory.create("dao_legacy", Order.class, "orderId", TOPIC);
		// As versions before the JSON beside the fields stored it.
		this.mongoTemplate.getCollection("dao_legacy")
			.insertOne(new Document("_id", "l-1").append("status", "old").append("quantity", 3)
				.append("__metadata__", new Document("deleted", false).append("published", false)
					.append("correlation_id", CorrelationId.generate())
					.append("last_event_id", "legacy-event-1")));
		assertThat(orders.findById("l-1")).contains(new Order("l-1", "old", 3));
		orders.publishPending();
		await().atMost(Duration.ofSeconds(30)).until(() -> events("l-1").size() == 1);
		assertThat(payload(events("l-1").get(0))).isEqualTo(Map.of("orderId", "l-1", "status", "old", "quantity", 3));
		assertThat(header(events("l-1").get(0), "event_id")).isEqualTo("legacy-event-1");
	}

	private List<ConsumerRecord<String, byte[]>> events(String key) {
		return readAll(this.brokers, TOPIC, (record) -> key.equals(record.key()));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> payload(ConsumerRecord<String, byte[]> record) {
		return new JsonMapper().readValue(record.value(), Map.class);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		DisposableBean closeEmbeddedMongo() {
			return mongo::close;
		}

	}

	// Each of the published states in the order they were made, any of them skipped (replaced before the
	// relay read them): [new, deleted] when the relay read o-1 before the update and after the delete.
	private static boolean isSubsequence(List<Map<String, Object>> published, List<Map<String, Object>> changes) {
		int next = 0;
		for (Map<String, Object> state : published) {
			while (next < changes.size() && !changes.get(next).equals(state)) {
				next++;
			}
			if (next == changes.size()) {
				return false;
			}
			next++;
		}
		return true;
	}

}
