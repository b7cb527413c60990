package io.eventwire.demo;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * What the demo's scenario produced.
 *
 * @param orders the orders placed, as the order service returns them
 * @param requestCorrelationIds the correlation id each POST /orders answered with
 * @param shipments the shipping service's shipments
 * @param deadLetter the dead letter of the order that could not be shipped, as the shipping service's
 * {@code eventwireDlq} endpoint lists it
 * @param invalidStatus the HTTP status of the invalid order request
 * @param invalidBody its problem-details body
 */
public record DemoReport(List<JsonNode> orders, List<String> requestCorrelationIds, List<JsonNode> shipments,
		JsonNode deadLetter, int invalidStatus, String invalidBody) {

	/**
	 * @param orderServiceUrl where the order service answers, for the {@code curl} examples
	 * @param shippingServiceUrl where the shipping service answers
	 * @param running whether the services keep running (then the examples are printed)
	 */
	/** Where each service serves its operator's console. */
	static final String CONSOLE = "/actuator/eventwireConsole";

	String format(String orderServiceUrl, String shippingServiceUrl, boolean running) {
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
				text("eventId"), text("type"), text("key"), text("originalTopic"), text("exceptionClass"),
				text("exceptionMessage"), text("correlationId"), text("service")));
		out.append("\nInvalid order rejected with ").append(this.invalidStatus).append(": ").append(this.invalidBody).append('\n');
		if (!running) {
			return out.append('\n').toString();
		}
		out.append("\nOperator's console (read-write on these local ports): ").append(shippingServiceUrl)
			.append(CONSOLE).append(" (the dead letter is there) and ").append(orderServiceUrl).append(CONSOLE).append('\n');
		out.append("\nTry:\n");
		out.append("  curl -s ").append(orderServiceUrl).append("/orders\n");
		out.append("  curl -si -H 'Content-Type: application/json' -d '{\"customer\":\"erin\",\"country\":\"NL\",\"items\":[{\"sku\":\"mug\",\"quantity\":1}]}' ")
			.append(orderServiceUrl).append("/orders\n");
		out.append("  curl -s ").append(shippingServiceUrl).append("/shipments\n");
		out.append("  curl -s ").append(shippingServiceUrl).append("/actuator/eventwireDlq\n");
		out.append("  curl -s -H 'Content-Type: application/json' -d '{\"eventId\":\"").append(text("eventId"))
			.append("\"}' ").append(shippingServiceUrl).append("/actuator/eventwireDlq   # replay: fails again, AQ is not served\n");
		out.append("  curl -s -X DELETE ").append(shippingServiceUrl).append("/actuator/eventwireDlq/")
			.append(text("eventId")).append("   # discard\n\n");
		return out.toString();
	}

	/**
	 * @return one line that says whether the scenario went as it should
	 */
	String summary() {
		List<JsonNode> shipped = this.orders.subList(0, this.orders.size() - 1);
		long dispatched = shipped.stream().filter((order) -> "DISPATCHED".equals(order.get("status").asString())).count();
		long oneCorrelationId = shipped.stream().filter(this::sameCorrelationIdInBothServices).count();
		boolean passed = dispatched == shipped.size() && oneCorrelationId == shipped.size()
				&& "UnshippableOrderException".equals(text("exceptionClass")) && this.invalidStatus == 400;
		return String.format("%s: %d of %d orders dispatched, %d under one correlation id in both services; "
				+ "the order to AQ dead-lettered (%s); the invalid order answered %d.", passed ? "Demo passed" : "Demo FAILED",
				dispatched, shipped.size(), oneCorrelationId, text("exceptionClass"), this.invalidStatus);
	}

	private boolean sameCorrelationIdInBothServices(JsonNode order) {
		String correlationId = order.get("correlationId").asString();
		return this.shipments.stream()
			.anyMatch((shipment) -> shipment.get("orderId").asString().equals(order.get("id").asString())
					&& shipment.get("correlationId").asString().equals(correlationId));
	}

	private String text(String field) {
		return this.deadLetter.path(field).asString();
	}

}
