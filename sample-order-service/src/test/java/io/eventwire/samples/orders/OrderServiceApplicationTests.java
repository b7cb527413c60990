package io.eventwire.samples.orders;

import java.time.Duration;
import java.util.Map;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.eventwire.correlation.CorrelationId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.eventwire.test.EventRecorder;
import io.eventwire.test.RecordedEvent;
import io.eventwire.test.Recording;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The order service on an embedded Kafka broker and an in-memory MongoDB-wire server: what it
 * publishes is recorded from the real topic, and the shipping service's events are published to
 * it as the shipping service would.
 */
@SpringBootTest(properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
		"eventwire.outbox.relay.poll-interval=200ms" })
@EmbeddedKafka(partitions = 3, topics = { "orders", "shipments" })
@AutoConfigureMockMvc
@DirtiesContext
class OrderServiceApplicationTests {

	static final MongoServer mongo = new MongoServer(new MemoryBackend());

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> mongo.bindAndGetConnectionString() + "/orders");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	OrderService orders;

	@Autowired
	JsonMapper jsonMapper;

	@Autowired
	org.springframework.core.env.Environment environment;

	@Autowired
	MeterRegistry meterRegistry;

	EventRecorder events;

	@BeforeEach
	void recorder() {
		this.events = new EventRecorder(this.environment.getRequiredProperty("spring.embedded.kafka.brokers"),
				this.jsonMapper);
	}

	@Test
	void placingAnOrderPublishesOrderPlacedWithTheRequestsCorrelationId() throws Exception {
		String correlationId = CorrelationId.generate();
		try (Recording recording = this.events.start("orders")) {
			MvcResult result = this.mvc
				.perform(post("/orders").contentType(MediaType.APPLICATION_JSON)
					.header("X-Correlation-ID", correlationId)
					.content("""
							{"customer": "alice", "country": "DE", "items": [{"sku": "book-1", "quantity": 2}]}
							"""))
				.andExpect(status().isCreated())
				.andExpect(jsonPath("$.status").value("PLACED"))
				.andReturn();
			String orderId = this.jsonMapper.readTree(result.getResponse().getContentAsString()).get("id").asString();

			RecordedEvent placed = recording.awaitEvent("order_placed", Duration.ofSeconds(30));
			assertThat(placed.key()).isEqualTo(orderId);
			assertThat(placed.correlationId()).isEqualTo(correlationId);
			assertThat(placed.payload(OrderPlaced.class)).isEqualTo(new OrderPlaced(orderId, "alice", "DE",
					java.util.List.of(new OrderItem("book-1", 2))));
		}
	}

	@Test
	void anInvalidOrderGetsAProblemDetailAndPublishesNothing() throws Exception {
		try (Recording recording = this.events.start("orders")) {
			this.mvc
				.perform(post("/orders").contentType(MediaType.APPLICATION_JSON).content("""
						{"customer": "", "country": "Germany", "items": []}
						"""))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.status").value(400))
				.andExpect(jsonPath("$.title").value("Bad Request"));
			assertThat(this.orders.findAll()).noneMatch((order) -> order.customer().isEmpty());
			assertThat(recording.events()).isEmpty();
		}
	}

	@Test
	void shipmentEventsMoveTheOrderOnAndNeverBack() {
		Order order = this.orders.place(new PlaceOrder("bob", "FR", java.util.List.of(new OrderItem("lamp", 1))));

		this.events.publish("shipments", "shipment_created", order.id(), Map.of("shipmentId", "s-1", "orderId", order.id()));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.orders.find(order.id()).orElseThrow().status() == OrderStatus.SHIPMENT_CREATED);

		this.events.publish("shipments", "shipment_dispatched", order.id(), Map.of("shipmentId", "s-1", "orderId", order.id()));
		// A late duplicate of shipment_created must not undo the dispatch.
		this.events.publish("shipments", "shipment_created", order.id(), Map.of("shipmentId", "s-1", "orderId", order.id()));
		await().atMost(Duration.ofSeconds(30)).until(() -> handled("shipment_created") == 2);
		assertThat(this.orders.find(order.id()).orElseThrow().status()).isEqualTo(OrderStatus.DISPATCHED);
		assertThat(this.orders.find(order.id()).orElseThrow().shipmentId()).isEqualTo("s-1");
	}

	private double handled(String type) {
		Counter counter = this.meterRegistry.find("eventwire.events.consumed").tag("type", type).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
