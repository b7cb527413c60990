package io.eventwire.autoconfigure.correlation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.autoconfigure.outbox.EmbeddedMongo;
import io.eventwire.correlation.CorrelationId;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxRelay;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two services in one JVM, each with its own web server, MongoDB and outbox relay, on one Kafka
 * broker: an order placed over HTTP goes through the order service's outbox to Kafka, the shipping
 * service handles it and answers through its own outbox, and the order service handles the answer.
 * One correlation id and one trace follow it all, in every log line of the flow, with Boot's default
 * log pattern.
 */
@ExtendWith(OutputCaptureExtension.class)
class CorrelationEndToEndTests {

	static final String ORDERS = "e2e-orders";

	static final String SHIPMENTS = "e2e-shipments";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static EmbeddedMongo orderDatabase;

	private static EmbeddedMongo shippingDatabase;

	private static ConfigurableApplicationContext orderService;

	private static ConfigurableApplicationContext shippingService;

	@BeforeAll
	static void startServices() {
		orderDatabase = new EmbeddedMongo("orders");
		shippingDatabase = new EmbeddedMongo("shipping");
		orderService = start(OrderService.class, "e2e-order-service", orderDatabase);
		shippingService = start(ShippingService.class, "e2e-shipping-service", shippingDatabase);
	}

	@AfterAll
	static void stopServices() {
		shippingService.close();
		orderService.close();
		shippingDatabase.close();
		orderDatabase.close();
		LoggingSystem.get(CorrelationEndToEndTests.class.getClassLoader()).setLogLevel("io.eventwire", null);
	}

	@Test
	void oneCorrelationIdAndOneTraceFollowAnOrderThroughBothServicesAndOutboxes(CapturedOutput output)
			throws Exception {
		String orderId = UUID.randomUUID().toString();
		HttpResponse<String> response = placeOrder(orderId, null);

		assertThat(response.statusCode()).isEqualTo(200);
		String correlationId = response.headers().firstValue("X-Correlation-ID").orElseThrow();
		assertThat(CorrelationId.isValid(correlationId)).isTrue();
		String traceId = response.body();
		Seen shipped = awaitShipped(orderId);
		Seen placed = shippingService.getBean(ShippingTranslator.class).seen.get(orderId);

		// The ids reached both handlers: correlation in the header and the MDC, trace through the outboxes.
		assertThat(placed.correlationId()).isEqualTo(correlationId);
		assertThat(placed.mdc()).isEqualTo(correlationId);
		assertThat(placed.traceId()).isEqualTo(traceId);
		assertThat(shipped.correlationId()).isEqualTo(correlationId);
		assertThat(shipped.mdc()).isEqualTo(correlationId);
		assertThat(shipped.traceId()).isEqualTo(traceId);

		// Every log line of the flow, in both services, shows the correlation id and the trace id.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(flowLines(output, orderId, placed, shipped))
			.as("the controller, both outbox writes, both relays, both dispatchers and both handlers logged")
			.hasSizeGreaterThanOrEqualTo(9));
		List<String> lines = flowLines(output, orderId, placed, shipped);
		assertThat(traceId).hasSize(32);
		assertThat(lines).allSatisfy((line) -> assertThat(line).contains("[" + correlationId + "-" + traceId + "-"));
		assertThat(lines).anySatisfy((line) -> assertThat(line).contains("Relaying outbox event " + placed.eventId()));
		assertThat(lines).anySatisfy((line) -> assertThat(line).contains("Handling event " + shipped.eventId()));
	}

	@Test
	void anIncomingCorrelationIdIsKeptEndToEnd() throws Exception {
		String orderId = UUID.randomUUID().toString();
		String correlationId = CorrelationId.generate();
		HttpResponse<String> response = placeOrder(orderId, correlationId);

		assertThat(response.headers().firstValue("X-Correlation-ID")).contains(correlationId);
		assertThat(awaitShipped(orderId).correlationId()).isEqualTo(correlationId);
		assertThat(shippingService.getBean(ShippingTranslator.class).seen.get(orderId).correlationId())
			.isEqualTo(correlationId);
	}

	@Test
	void invalidIncomingIdsAreReplacedAndNeverPrintedRaw(CapturedOutput output) throws Exception {
		List<String> forged = List.of("f".repeat(10 * 1024), "not-a-uuid", "123e4567-e89b-12d3-a456-426614174000",
				"abc\r\nX-Injected: yes\r\nX-Forged: 2026-01-01 ERROR forged log line");
		for (String value : forged) {
			String orderId = UUID.randomUUID().toString();
			HttpResponse<String> response = placeOrder(orderId, value);

			assertThat(response.statusCode()).isEqualTo(200);
			String used = response.headers().firstValue("X-Correlation-ID").orElseThrow();
			assertThat(used).isNotEqualTo(value);
			assertThat(CorrelationId.isValid(used)).isTrue();
			assertThat(response.headers().firstValue("X-Injected")).isEmpty();
			assertThat(awaitShipped(orderId).correlationId()).isEqualTo(used);
		}
		assertThat(output).doesNotContain("f".repeat(300))
			.doesNotContain("\r\nX-Injected")
			.contains("Rejected the X-Correlation-ID header '" + "f".repeat(100))
			.contains("Rejected the X-Correlation-ID header 'not-a-uuid'");
	}

	private static HttpResponse<String> placeOrder(String orderId, String correlationId) throws Exception {
		int port = orderService.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orders/" + orderId))
			.POST(HttpRequest.BodyPublishers.noBody());
		if (correlationId != null) {
			// The JDK client refuses CR/LF in headers; send those raw on a socket instead.
			if (correlationId.contains("\r")) {
				return RawHttp.post(port, "/orders/" + orderId, "X-Correlation-ID", correlationId);
			}
			request.header("X-Correlation-ID", correlationId);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static Seen awaitShipped(String orderId) {
		Map<String, Seen> seen = orderService.getBean(ShipmentTranslator.class).seen;
		await().atMost(Duration.ofSeconds(30)).until(() -> seen.containsKey(orderId));
		return seen.get(orderId);
	}

	private static List<String> flowLines(CapturedOutput output, String orderId, Seen placed, Seen shipped) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains(orderId) || line.contains(placed.eventId())
					|| line.contains(shipped.eventId()))
			.toList();
	}

	private static ConfigurableApplicationContext start(Class<?> service, String name, EmbeddedMongo database) {
		return new SpringApplicationBuilder(service).run("--spring.application.name=" + name, "--server.port=0",
				"--spring.mongodb.uri=" + database.uri(), "--eventwire.outbox.relay.enabled=true",
				"--eventwire.outbox.relay.poll-interval=200ms", "--management.tracing.sampling.probability=1.0",
				"--logging.level.io.eventwire=DEBUG", "--server.max-http-request-header-size=64KB");
	}

	record Seen(String correlationId, String mdc, String traceId, String eventId) {

		static Seen of(Tracer tracer, EventMetadata metadata) {
			return new Seen(metadata.correlationId(), org.slf4j.MDC.get(CorrelationId.mdcKey()),
					Optional.ofNullable(tracer.currentSpan()).map((span) -> span.context().traceId()).orElse("none"),
					metadata.eventId());
		}

	}

	record Order(String orderId) {
	}

	record Shipment(String orderId, String shipmentId) {
	}

	@RestController
	static class OrderController {

		private static final Logger logger = LoggerFactory.getLogger(OrderController.class);

		private final EventOutbox outbox;

		private final Tracer tracer;

		OrderController(EventOutbox outbox, Tracer tracer) {
			this.outbox = outbox;
			this.tracer = tracer;
		}

		@PostMapping("/orders/{orderId}")
		String place(@PathVariable String orderId) {
			logger.info("Placing order {}", orderId);
			this.outbox.publish(ORDERS, "order_placed", orderId, new Order(orderId));
			return this.tracer.currentSpan().context().traceId();
		}

	}

	@EventTranslator(topics = SHIPMENTS)
	static class ShipmentTranslator {

		private static final Logger logger = LoggerFactory.getLogger(ShipmentTranslator.class);

		final Map<String, Seen> seen = new ConcurrentHashMap<>();

		private final Tracer tracer;

		ShipmentTranslator(Tracer tracer) {
			this.tracer = tracer;
		}

		@OnEvent("shipment_created")
		void shipped(Shipment shipment, EventMetadata metadata) {
			logger.info("Order {} has shipment {}", shipment.orderId(), shipment.shipmentId());
			this.seen.put(shipment.orderId(), Seen.of(this.tracer, metadata));
		}

	}

	@EventTranslator(topics = ORDERS)
	static class ShippingTranslator {

		private static final Logger logger = LoggerFactory.getLogger(ShippingTranslator.class);

		final Map<String, Seen> seen = new ConcurrentHashMap<>();

		private final EventOutbox outbox;

		private final Tracer tracer;

		ShippingTranslator(EventOutbox outbox, Tracer tracer) {
			this.outbox = outbox;
			this.tracer = tracer;
		}

		@OnEvent("order_placed")
		void placed(Order order, EventMetadata metadata) {
			logger.info("Shipping order {}", order.orderId());
			this.seen.put(order.orderId(), Seen.of(this.tracer, metadata));
			this.outbox.publish(SHIPMENTS, "shipment_created", order.orderId(),
					new Shipment(order.orderId(), UUID.randomUUID().toString()));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ OrderController.class, ShipmentTranslator.class })
	static class OrderService {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ShippingTranslator.class)
	static class ShippingService {

	}

}
