package io.eventwire.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's scenario, over HTTP as a person with {@code curl} would run it: four orders (one to a
 * country the shipping service does not serve) and an invalid one, then the orders, the shipments
 * and the dead letter once the services are done.
 */
final class DemoScenario {

	private static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(90);

	private final HttpClient http;

	private final String orderServiceUrl;

	private final String shippingServiceUrl;

	private final JsonMapper json = JsonMapper.builder().build();

	DemoScenario(HttpClient http, String orderServiceUrl, String shippingServiceUrl) {
		this.http = http;
		this.orderServiceUrl = orderServiceUrl;
		this.shippingServiceUrl = shippingServiceUrl;
	}

	/**
	 * Run the scenario: place orders, wait for the shipping service to answer, collect the result.
	 * @return what happened
	 * @throws Exception when the services do not answer in time
	 */
	DemoReport run() throws Exception {
		List<String> orderIds = new ArrayList<>();
		List<String> requestCorrelationIds = new ArrayList<>();
		for (String body : List.of(order("alice", "DE", "book-1", 2), order("bob", "FR", "lamp", 1),
				order("carol", "US", "chair", 4), order("dave", "AQ", "parka", 1))) {
			HttpResponse<String> response = post("/orders", body);
			if (response.statusCode() != 201) {
				throw new IllegalStateException("POST /orders answered " + response.statusCode() + ": " + response.body());
			}
			orderIds.add(this.json.readTree(response.body()).get("id").asString());
			requestCorrelationIds.add(response.headers().firstValue("X-Correlation-ID").orElseThrow());
		}
		HttpResponse<String> invalid = post("/orders", "{\"customer\": \"\", \"country\": \"Germany\", \"items\": []}");

		String unshippable = orderIds.get(3);
		long deadline = System.nanoTime() + SCENARIO_TIMEOUT.toNanos();
		while (true) {
			List<JsonNode> orders = orderIds.stream().map(this::order).toList();
			boolean shipped = orders.subList(0, 3).stream().allMatch((order) -> "DISPATCHED".equals(order.get("status").asString()));
			Optional<JsonNode> letter = StreamSupport
				.stream(get(this.shippingServiceUrl + "/actuator/eventwireDlq").path("deadLetters").spliterator(), false)
				.filter((l) -> unshippable.equals(l.path("key").asString()))
				.findFirst();
			if (shipped && letter.isPresent()) {
				return new DemoReport(orders, requestCorrelationIds, shipments(), letter.get(), invalid.statusCode(),
						invalid.body());
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The services did not finish within " + SCENARIO_TIMEOUT + ": " + orders);
			}
			Thread.sleep(200);
		}
	}

	private static String order(String customer, String country, String sku, int quantity) {
		return """
				{"customer": "%s", "country": "%s", "items": [{"sku": "%s", "quantity": %d}]}""".formatted(customer,
				country, sku, quantity);
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.orderServiceUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode order(String id) {
		return get(this.orderServiceUrl + "/orders/" + id);
	}

	private List<JsonNode> shipments() {
		List<JsonNode> shipments = new ArrayList<>();
		get(this.shippingServiceUrl + "/shipments").forEach(shipments::add);
		return shipments;
	}

	private JsonNode get(String url) {
		try {
			return this.json.readTree(this.http
				.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
				.body());
		}
		catch (Exception ex) {
			throw new IllegalStateException("GET " + url + " failed", ex);
		}
	}

}
