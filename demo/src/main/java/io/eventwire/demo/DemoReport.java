package io.eventwire.demo;

import java.util.List;

import io.eventwire.dlq.DeadLetter;
import tools.jackson.databind.JsonNode;

/**
 * What the demo's scenario produced.
 *
 * @param orders the orders placed, as the order service returns them
 * @param requestCorrelationIds the correlation id each POST /orders answered with
 * @param shipments the shipping service's shipments
 * @param deadLetter the dead letter of the order that could not be shipped
 * @param invalidStatus the HTTP status of the invalid order request
 * @param invalidBody its problem-details body
 */
public record DemoReport(List<JsonNode> orders, List<String> requestCorrelationIds, List<JsonNode> shipments,
		DeadLetter deadLetter, int invalidStatus, String invalidBody) {

	String format(String orderServiceUrl, String shippingServiceUrl) {
		StringBuilder out = new StringBuilder("\n=== eventwire demo ===\n\n");
		out.append(String.format("%-36s  %-6s  %-2s  %-16s  %-36s  %s%n", "order", "who", "to", "status", "shipment",
				"correlation id"));
		for (JsonNode order : this.orders) {
			out.append(String.format("%-36s  %-6s  %-2s  %-16s  %-36s  %s%n", order.get("id").asString(),
					order.get("customer").asString(), order.get("country").asString(), order.get("status").asString(),
					order.get("shipmentId").isNull() ? "-" : order.get("shipmentId").asString(),
					order.get("correlationId").asString()));
		}
		out.append("\nShipments (shipping service):\n");
		for (JsonNode shipment : this.shipments) {
			out.append(String.format("  %s  order %s  %s  correlation %s%n", shipment.get("shipmentId").asString(),
					shipment.get("orderId").asString(), shipment.get("status").asString(),
					shipment.get("correlationId").asString()));
		}
		out.append("\nDead letter (the order to AQ cannot be shipped):\n");
		out.append(String.format("  event %s (%s, key %s) from %s%n  %s: %s%n  correlation %s, service %s%n",
				this.deadLetter.eventId(), this.deadLetter.type(), this.deadLetter.key(), this.deadLetter.originalTopic(),
				this.deadLetter.exceptionClass(), this.deadLetter.exceptionMessage(), this.deadLetter.correlationId(),
				this.deadLetter.service()));
		out.append("\nInvalid order rejected with ").append(this.invalidStatus).append(": ").append(this.invalidBody).append('\n');
		out.append("\nTry:\n");
		out.append("  curl -s ").append(orderServiceUrl).append("/orders\n");
		out.append("  curl -si -H 'Content-Type: application/json' -d '{\"customer\":\"erin\",\"country\":\"NL\",\"items\":[{\"sku\":\"mug\",\"quantity\":1}]}' ")
			.append(orderServiceUrl).append("/orders\n");
		out.append("  curl -s ").append(shippingServiceUrl).append("/shipments\n");
		out.append("  curl -s ").append(shippingServiceUrl).append("/actuator/eventwireDlq\n");
		out.append("  curl -s -H 'Content-Type: application/json' -d '{\"eventId\":\"").append(this.deadLetter.eventId())
			.append("\"}' ").append(shippingServiceUrl).append("/actuator/eventwireDlq   # replay: fails again, AQ is not served\n");
		out.append("  curl -s -X DELETE ").append(shippingServiceUrl).append("/actuator/eventwireDlq/")
			.append(this.deadLetter.eventId()).append("   # discard\n");
		return out.toString();
	}

}
