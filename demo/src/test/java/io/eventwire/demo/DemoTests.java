package io.eventwire.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both samples on the demo's embedded infrastructure: an order placed over HTTP gets a shipment
 * from the shipping service and its status updated from the shipping service's events, under one
 * correlation id in both services; the order that cannot be shipped ends in the dead-letter topic.
 */
class DemoTests {

	static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\S+\\s+(TRACE|DEBUG|INFO|WARN|ERROR) ");

	static final Path LOGS = Path.of("target", "demo-tests-logs");

	@Test
	void ordersFlowThroughBothServicesUnderOneCorrelationId() throws Exception {
		try (Demo demo = Demo.start(true, LOGS, System.out)) {
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
			assertThat(report.deadLetter().get("exceptionClass").asString()).isEqualTo("UnshippableOrderException");
			assertThat(report.deadLetter().get("correlationId").asString())
				.isEqualTo(unshippable.get("correlationId").asString());
			assertThat(report.invalidStatus()).isEqualTo(400);

			String printed = report.format(demo.orderServiceUrl(), demo.shippingServiceUrl(), true);
			assertThat(printed).contains(report.deadLetter().get("eventId").asString()).contains("UnshippableOrderException");
			shipped.forEach((order) -> assertThat(printed).contains(order.get("correlationId").asString()));
			assertThat(report.summary()).startsWith("Demo passed: 3 of 3 orders dispatched, 3 under one correlation id");

			// The console is on, read-write, and its address printed.
			assertThat(printed).contains("Operator's console (read-write on these local ports): "
					+ demo.shippingServiceUrl() + "/actuator/eventwireConsole");
			RestClient shipping = RestClient.create(demo.shippingServiceUrl());
			assertThat(shipping.get().uri("/actuator/eventwireConsole").retrieve().body(String.class))
				.contains("<title>eventwire console</title>");
			JsonNode overview = JsonMapper.shared()
				.readTree(shipping.get().uri("/actuator/eventwireConsole/overview").retrieve().body(String.class));
			assertThat(overview.get("writable").asBoolean()).isTrue();
			assertThat(overview.get("payloads").asString()).isEqualTo("full");
			assertThat(overview.get("counts").get("deadLetters").asLong()).isEqualTo(1);
		}
	}

	@Test
	void eachServiceLogsUnderItsOwnNameAndStartsWithoutWarnings() throws Exception {
		try (Demo demo = Demo.start(true, LOGS.resolve("startup"), System.out)) {
			for (String service : List.of("order-service", "shipping-service")) {
				List<String> lines = Files.readAllLines(demo.log(service));
				List<String> logLines = lines.stream().filter((line) -> LOG_LINE.matcher(line).find()).toList();
				assertThat(logLines).as("%s's log lines", service)
					.isNotEmpty()
					.allSatisfy((line) -> assertThat(line).contains("--- [" + service + "] "));
				List<String> startup = lines.subList(0, indexOfStarted(lines, service) + 1);
				assertThat(startup).as("%s's startup", service)
					.noneMatch((line) -> line.contains(" WARN ") || line.contains("ERROR"));
			}
		}
	}

	private static int indexOfStarted(List<String> lines, String service) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(" : Started ")) {
				return i;
			}
		}
		throw new AssertionError(service + " logged no 'Started' line: " + lines);
	}

}
