package io.eventwire.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.samples.orders.OrderServiceApplication;
import io.eventwire.samples.shipping.ShippingServiceApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the order and the shipping service on an embedded Kafka broker and an in-memory
 * MongoDB-wire server, places a few orders (one that cannot be shipped), and prints what happened.
 * Then it keeps running for {@code curl}, unless started with {@code --exit}.
 */
public final class Demo implements AutoCloseable {

	private static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(90);

	private final EmbeddedKafkaKraftBroker kafka;

	private final MongoServer mongo;

	private final ConfigurableApplicationContext orderService;

	private final ConfigurableApplicationContext shippingService;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private Demo(boolean fixedPorts) {
		this.kafka = new EmbeddedKafkaKraftBroker(1, 3, "orders", "shipments", "dlq", "retry-order-service",
				"retry-shipping-service");
		this.kafka.afterPropertiesSet();
		this.mongo = new MongoServer(new MemoryBackend());
		String mongoUri = this.mongo.bindAndGetConnectionString();
		String brokers = this.kafka.getBrokersAsString();
		this.shippingService = start(ShippingServiceApplication.class, "shipping-service", fixedPorts ? 8081 : 0,
				brokers, mongoUri + "/shipping", "--shipping.countries=DE,FR,NL,US", "--shipping.dispatch-delay=2s",
				"--shipping.dispatch-interval=500ms");
		this.orderService = start(OrderServiceApplication.class, "order-service", fixedPorts ? 8080 : 0, brokers,
				mongoUri + "/orders");
	}

	private static ConfigurableApplicationContext start(Class<?> application, String name, int port, String brokers,
			String mongoUri, String... more) {
		List<String> args = new ArrayList<>(List.of("--spring.application.name=" + name, "--server.port=" + port,
				"--spring.kafka.bootstrap-servers=" + brokers, "--spring.mongodb.uri=" + mongoUri,
				"--spring.mvc.problemdetails.enabled=true", "--eventwire.consumer.deduplication.enabled=true",
				"--eventwire.outbox.relay.poll-interval=250ms", "--logging.level.org.apache.kafka=warn",
				"--logging.level.kafka=warn", "--logging.level.org.mongodb.driver=warn",
				"--logging.level.de.bwaldvogel=warn", "--logging.level.state.change.logger=warn", "--spring.main.banner-mode=off"));
		args.addAll(Arrays.asList(more));
		return new SpringApplicationBuilder(application).run(args.toArray(String[]::new));
	}

	/**
	 * Run the scenario: place orders, wait for the shipping service to answer, collect the result.
	 * @return what happened
	 * @throws Exception when the services do not answer in time
	 */
	public DemoReport runScenario() throws Exception {
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

		DeadLetters deadLetters = this.shippingService.getBean(DeadLetters.class);
		String unshippable = orderIds.get(3);
		long deadline = System.nanoTime() + SCENARIO_TIMEOUT.toNanos();
		while (true) {
			List<JsonNode> orders = orderIds.stream().map(this::order).toList();
			boolean shipped = orders.subList(0, 3).stream().allMatch((order) -> "DISPATCHED".equals(order.get("status").asString()));
			Optional<DeadLetter> letter = deadLetters.list().stream().filter((l) -> unshippable.equals(l.key())).findFirst();
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
		return this.http.send(HttpRequest.newBuilder(URI.create(orderServiceUrl() + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode order(String id) {
		return get(orderServiceUrl() + "/orders/" + id);
	}

	private List<JsonNode> shipments() {
		List<JsonNode> shipments = new ArrayList<>();
		get(shippingServiceUrl() + "/shipments").forEach(shipments::add);
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

	/**
	 * @return the order service's base URL
	 */
	public String orderServiceUrl() {
		return "http://localhost:" + this.orderService.getEnvironment().getProperty("local.server.port");
	}

	/**
	 * @return the shipping service's base URL
	 */
	public String shippingServiceUrl() {
		return "http://localhost:" + this.shippingService.getEnvironment().getProperty("local.server.port");
	}

	@Override
	public void close() {
		this.orderService.close();
		this.shippingService.close();
		this.kafka.destroy();
		this.mongo.shutdownNow();
	}

	/**
	 * Start the demo.
	 * @param exitAfterScenario whether to use random ports (for tests and {@code --exit})
	 * @return the running demo
	 */
	public static Demo start(boolean exitAfterScenario) {
		return new Demo(!exitAfterScenario);
	}

	public static void main(String[] args) throws Exception {
		boolean exit = Arrays.asList(args).contains("--exit");
		Demo demo = start(exit);
		DemoReport report;
		try {
			report = demo.runScenario();
		}
		catch (Exception ex) {
			demo.close();
			System.err.println("The demo failed: " + ex.getMessage());
			System.exit(1);
			return;
		}
		System.out.println(report.format(demo.orderServiceUrl(), demo.shippingServiceUrl()));
		if (exit) {
			demo.close();
			System.exit(0);
		}
		System.out.println("Running; press Ctrl-C to stop.");
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			demo.close();
			stopped.countDown();
		}));
		stopped.await();
	}

}
