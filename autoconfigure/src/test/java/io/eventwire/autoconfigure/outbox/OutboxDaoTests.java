package io.eventwire.autoconfigure.outbox;

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

/**
 * The stateful outbox: every change of a resource is stored with its metadata and published.
 */
// The context owns its MongoDB server: both go when the class is done, the server after the relay stopped.
@DirtiesContext
@SpringBootTest(classes = OutboxDaoTests.App.class, properties = "eventwire.service-name=outbox-dao-it")
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
		Document metadata = tombstone.get("__metadata__", Document.class);
		assertThat(metadata).containsEntry("deleted", true).containsEntry("published", true)
			.containsEntry("correlation_id", correlationId);

		List<ConsumerRecord<String, byte[]>> o1 = events("o-1");
		assertThat(o1).extracting((record) -> header(record, "type")).containsExactly("upserted", "upserted", "deleted");
		assertThat(payload(o1.get(0))).isEqualTo(Map.of("orderId", "o-1", "status", "new", "quantity", 1));
		assertThat(payload(o1.get(1))).isEqualTo(Map.of("orderId", "o-1", "status", "paid", "quantity", 1));
		assertThat(payload(o1.get(2))).isEmpty();
		assertThat(o1).allSatisfy((record) -> assertThat(header(record, "correlation_id")).isEqualTo(correlationId));
		assertThat(header(o1.get(2), "event_id")).isEqualTo(metadata.getString("last_event_id"));
		assertThat(events("o-2")).extracting((record) -> header(record, "type")).containsExactly("upserted");

		// Republishing sends the current states again, tombstones included, under the stored correlation ids.
		try (CorrelationId.Scope scope = CorrelationId.open(CorrelationId.generate())) {
			assertThat(orders.republishAll()).isEqualTo(2);
		}
		List<ConsumerRecord<String, byte[]>> again = events("o-1");
		assertThat(again).hasSize(4);
		assertThat(header(again.get(3), "type")).isEqualTo("deleted");
		assertThat(header(again.get(3), "correlation_id")).isEqualTo(correlationId);
		assertThat(header(again.get(3), "event_id")).isNotEqualTo(header(o1.get(2), "event_id"));
		assertThat(payload(events("o-2").get(1))).isEqualTo(Map.of("orderId", "o-2", "status", "new", "quantity", 5));
	}

	@Test
	void aChangeThatCouldNotBePublishedIsPublishedLater() {
		OutboxDao<Order, String> orders = this.factory.create("dao_pending", Order.class, "orderId", TOPIC);
		orders.upsert(new Order("p-1", "new", 1));
		// What a failed publish leaves behind.
		this.mongoTemplate.getCollection("dao_pending")
			.updateOne(new Document("_id", "p-1"), new Document("$set", new Document("__metadata__.published", false)));

		assertThat(orders.publishPending()).isEqualTo(1);
		assertThat(orders.publishPending()).isZero();
		assertThat(events("p-1")).hasSize(2);
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

}
