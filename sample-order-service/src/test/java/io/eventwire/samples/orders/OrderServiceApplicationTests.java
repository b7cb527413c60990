package io.eventwire.samples.orders;

import java.util.List;
import java.util.Map;

import io.eventwire.test.EventScenario;
import io.eventwire.test.EventwireTest;
import io.eventwire.test.RecordedEvent;
import io.eventwire.test.ScenarioRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.MediaType.APPLICATION_JSON;
import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The order service on an embedded broker and in-memory MongoDB: what it publishes, through its outbox,
 * is recorded from the real topic, and the shipping service's events are published to it as that would.
 */
@EventwireTest(properties = "eventwire.outbox.relay.poll-interval=200ms")
@AutoConfigureMockMvc
class OrderServiceApplicationTests {

	@Autowired EventScenario scenario;
	@Autowired MockMvc mvc;
	@Autowired OrderService orders;
	@Autowired MeterRegistry meterRegistry;

	@Test
	void placingAnOrderPublishesOrderPlacedWithTheRequestsCorrelationId() {
		ScenarioRun run = this.scenario.stimulate((correlationId) -> this.mvc
			.perform(post("/orders").contentType(APPLICATION_JSON).header("X-Correlation-ID", correlationId).content("""
					{"customer": "alice", "country": "DE", "items": [{"sku": "book-1", "quantity": 2}]}"""))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("PLACED")));
		RecordedEvent placed = run.andWaitForEvent("order_placed").toArrive();
		assertThat(placed.payload(OrderPlaced.class))
			.isEqualTo(new OrderPlaced(placed.key(), "alice", "DE", List.of(new OrderItem("book-1", 2))));
		assertThat(this.orders.find(placed.key()).orElseThrow().customer()).isEqualTo("alice");
	}

	@Test
	void anInvalidOrderGetsAProblemDetailAndPublishesNothing() {
		ScenarioRun run = this.scenario.stimulate((correlationId) -> this.mvc
			.perform(post("/orders").contentType(APPLICATION_JSON).content("""
					{"customer": "", "country": "Germany", "items": []}"""))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Bad Request")));
		assertThat(this.orders.findAll()).noneMatch((order) -> order.customer().isEmpty());
		assertThat(run.events()).isEmpty();
	}

	@Test
	void shipmentEventsMoveTheOrderOnAndNeverBack() {
		Order order = this.orders.place(new PlaceOrder("bob", "FR", List.of(new OrderItem("lamp", 1))));
		Map<String, String> shipment = Map.of("shipmentId", "s-1", "orderId", order.id());
		ScenarioRun run = this.scenario.publish("shipments", "shipment_created", order.id(), shipment);
		run.andWaitForStateChange(() -> statusOf(order), OrderStatus.SHIPMENT_CREATED::equals);
		// A late duplicate of shipment_created must not undo the dispatch.
		run.andPublish("shipments", "shipment_dispatched", order.id(), shipment)
			.andPublish("shipments", "shipment_created", order.id(), shipment)
			.andWaitForStateChange(() -> handled("shipment_created"), (count) -> count == 2);
		assertThat(this.orders.find(order.id())).hasValueSatisfying((stored) -> assertThat(stored)
			.extracting(Order::status, Order::shipmentId).containsExactly(OrderStatus.DISPATCHED, "s-1"));
	}

	private OrderStatus statusOf(Order order) {
		return this.orders.find(order.id()).orElseThrow().status();
	}

	private double handled(String type) {
		Counter counter = this.meterRegistry.find("eventwire.events.consumed").tag("type", type).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
