package io.eventwire.demo;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both samples on the demo's embedded infrastructure: an order placed over HTTP gets a shipment
 * from the shipping service and its status updated from the shipping service's events, under one
 * correlation id in both services; the order that cannot be shipped ends in the dead-letter topic.
 */
class DemoTests {

	@Test
	void ordersFlowThroughBothServicesUnderOneCorrelationId() throws Exception {
		try (Demo demo = Demo.start(true)) {
			DemoReport report = demo.runScenario();

			Map<String, JsonNode> shipments = report.shipments()
				.stream()
				.collect(Collectors.toMap((shipment) -> shipment.get("orderId").asString(), Function.identity()));
			List<JsonNode> shipped = report.orders().subList(0, 3);
			for (int i = 0; i < shipped.size(); i++) {
				JsonNode order = shipped.get(i);
				String orderId = order.get("id").asString();
				assertThat(order.get("status").asString()).isEqualTo("DISPATCHED");
				// The id the HTTP response announced is the one stored with the order and the one
				// the shipping service received and kept.
				assertThat(order.get("correlationId").asString()).isEqualTo(report.requestCorrelationIds().get(i));
				JsonNode shipment = shipments.get(orderId);
				assertThat(shipment).as("shipment of %s", orderId).isNotNull();
				assertThat(shipment.get("shipmentId").asString()).isEqualTo(order.get("shipmentId").asString());
				assertThat(shipment.get("correlationId").asString()).isEqualTo(order.get("correlationId").asString());
				assertThat(shipment.get("status").asString()).isEqualTo("DISPATCHED");
			}

			JsonNode unshippable = report.orders().get(3);
			assertThat(unshippable.get("status").asString()).isEqualTo("PLACED");
			assertThat(shipments).doesNotContainKey(unshippable.get("id").asString());
			assertThat(report.deadLetter().exceptionClass()).isEqualTo("UnshippableOrderException");
			assertThat(report.deadLetter().correlationId()).isEqualTo(unshippable.get("correlationId").asString());
			assertThat(report.invalidStatus()).isEqualTo(400);

			String printed = report.format(demo.orderServiceUrl(), demo.shippingServiceUrl());
			assertThat(printed).contains(report.deadLetter().eventId()).contains("UnshippableOrderException");
			shipped.forEach((order) -> assertThat(printed).contains(order.get("correlationId").asString()));
		}
	}

}
