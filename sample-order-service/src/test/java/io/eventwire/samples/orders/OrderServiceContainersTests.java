package io.eventwire.samples.orders;

import java.time.Duration;
import java.util.List;

import io.eventwire.test.EventRecorder;
import io.eventwire.test.RecordedEvent;
import io.eventwire.test.Recording;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order service against real Kafka and a real MongoDB replica set in containers, connected by
 * {@code @ServiceConnection}: no {@code spring.kafka.*} or {@code spring.mongodb.*} properties, and
 * an order and its event are written in one transaction. Skipped where Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = "orders.transactions=true")
class OrderServiceContainersTests {

	@Container
	@ServiceConnection
	static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.2.1");

	@Container
	@ServiceConnection
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:8.0").withReplicaSet();

	@Autowired
	OrderService orders;

	@Test
	void anOrderAndItsEventAreStoredTogetherAndPublished() {
		EventRecorder events = new EventRecorder(kafka.getBootstrapServers());
		try (Recording recording = events.start("orders")) {
			Order order = this.orders.place(new PlaceOrder("alice", "DE", List.of(new OrderItem("book-1", 1))));

			RecordedEvent placed = recording.awaitEvent("order_placed", Duration.ofSeconds(60));
			assertThat(placed.key()).isEqualTo(order.id());
			assertThat(placed.correlationId()).isEqualTo(order.correlationId());
		}
	}

}
