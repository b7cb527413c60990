package io.eventwire.samples.shipping;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.eventwire.correlation.CorrelationId;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.test.EventRecorder;
import io.eventwire.test.RecordedEvent;
import io.eventwire.test.Recording;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shipping service on an embedded Kafka broker and an in-memory MongoDB-wire server, driven by
 * order events published as the order service would publish them.
 */
@SpringBootTest(properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
		"eventwire.outbox.relay.poll-interval=200ms", "shipping.dispatch-delay=300ms",
		"shipping.dispatch-interval=200ms" })
@EmbeddedKafka(partitions = 3, topics = { "orders", "shipments", "dlq" })
@DirtiesContext
class ShippingServiceApplicationTests {

	static final MongoServer mongo = new MongoServer(new MemoryBackend());

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> mongo.bindAndGetConnectionString() + "/shipping");
	}

	@Autowired
	ShippingService shipping;

	@Autowired
	DeadLetters deadLetters;

	@Autowired
	JsonMapper jsonMapper;

	@Autowired
	Environment environment;

	EventRecorder events;

	@BeforeEach
	void recorder() {
		this.events = new EventRecorder(this.environment.getRequiredProperty("spring.embedded.kafka.brokers"),
				this.jsonMapper);
	}

	@Test
	void aPlacedOrderIsShippedOnceUnderItsCorrelationId() throws Exception {
		String orderId = UUID.randomUUID().toString();
		String correlationId = CorrelationId.generate();
		try (Recording recording = this.events.start("shipments")) {
			CorrelationId.call(correlationId, () -> {
				this.events.publish("orders", "order_placed", orderId, order(orderId, "NL"));
				// Kafka may deliver an event twice; the shipment is still created once.
				return this.events.publish("orders", "order_placed", orderId, order(orderId, "NL"));
			});

			RecordedEvent created = recording.awaitEvent("shipment_created", Duration.ofSeconds(30));
			assertThat(created.key()).isEqualTo(orderId);
			assertThat(created.correlationId()).isEqualTo(correlationId);
			ShipmentEvent shipment = created.payload(ShipmentEvent.class);
			assertThat(shipment.orderId()).isEqualTo(orderId);

			// Dispatched later by a scheduler thread, still under the order's correlation id.
			RecordedEvent dispatched = recording.awaitEvent("shipment_dispatched", Duration.ofSeconds(30));
			assertThat(dispatched.correlationId()).isEqualTo(correlationId);
			assertThat(dispatched.payload(ShipmentEvent.class)).isEqualTo(shipment);

			assertThat(recording.events()).filteredOn((event) -> "shipment_created".equals(event.type())).hasSize(1);
			assertThat(this.shipping.findAll()).filteredOn((stored) -> stored.orderId().equals(orderId))
				.singleElement()
				.satisfies((stored) -> assertThat(stored.status()).isEqualTo(ShipmentStatus.DISPATCHED));
		}
	}

	@Test
	void anOrderThatCannotBeShippedGoesToTheDeadLetterTopicWithTheReason() {
		String orderId = UUID.randomUUID().toString();
		String eventId = this.events.publish("orders", "order_placed", orderId, order(orderId, "AQ"));

		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.deadLetters.list().stream().anyMatch((letter) -> letter.originalEventId().equals(eventId)));
		DeadLetter letter = this.deadLetters.list()
			.stream()
			.filter((candidate) -> candidate.originalEventId().equals(eventId))
			.findFirst()
			.orElseThrow();
		assertThat(letter.exceptionClass()).isEqualTo("UnshippableOrderException");
		assertThat(letter.exceptionMessage()).contains("to AQ");
		assertThat(letter.service()).isEqualTo("shipping-service");
		assertThat(letter.originalTopic()).isEqualTo("orders");
		assertThat(this.shipping.findAll()).noneMatch((shipment) -> shipment.orderId().equals(orderId));
	}

	private static OrderPlaced order(String orderId, String country) {
		return new OrderPlaced(orderId, country, List.of(new OrderPlaced.Item("book-1", 1)));
	}

}
