package io.eventwire.samples.shipping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.eventwire.test.EventRecorder;
import io.eventwire.test.RecordedEvent;
import io.eventwire.test.Recording;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipping service's executable jar, its application context generated ahead of time by
 * {@code process-aot} and run with {@code -Dspring.aot.enabled=true}, as a native image would run
 * it (without GraalVM): its translator receives an order, its outbox publishes the shipment, an
 * order it cannot ship goes to the dead-letter topic.
 */
class ShippingServiceAotIT {

	static EmbeddedKafkaKraftBroker kafka;

	static MongoServer mongo;

	static Process service;

	static final Path LOG = Path.of("target", "shipping-service-aot.log");

	@BeforeAll
	static void start() throws IOException {
		kafka = new EmbeddedKafkaKraftBroker(1, 3, "orders", "shipments", "dlq", "retry-shipping-service");
		kafka.afterPropertiesSet();
		mongo = new MongoServer(new MemoryBackend());
		String mongoUri = mongo.bindAndGetConnectionString();
		service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
				"-Dspring.aot.enabled=true", "-jar", executableJar().toString(),
				"--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
				"--spring.mongodb.uri=" + mongoUri + "/shipping", "--server.port=0", "--shipping.dispatch-delay=300ms",
				"--shipping.dispatch-interval=200ms", "--eventwire.outbox.relay.poll-interval=200ms")
			.redirectErrorStream(true)
			.redirectOutput(LOG.toFile())
			.start();
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (service != null) {
			service.destroy();
			service.waitFor(30, TimeUnit.SECONDS);
			service.destroyForcibly();
		}
		if (kafka != null) {
			kafka.destroy();
		}
		if (mongo != null) {
			mongo.shutdownNow();
		}
	}

	@Test
	void theAheadOfTimeContextHandlesPublishesAndDeadLetters() throws Exception {
		EventRecorder events = new EventRecorder(kafka.getBrokersAsString(), JsonMapper.builder().build());
		String shippable = UUID.randomUUID().toString();
		String unshippable = UUID.randomUUID().toString();
		try (Recording shipments = events.start("shipments"); Recording deadLetters = events.start("dlq")) {
			events.publish("orders", "order_placed", shippable, order(shippable, "NL"));
			events.publish("orders", "order_placed", unshippable, order(unshippable, "AQ"));

			RecordedEvent created = shipments.awaitEvent("shipment_created", Duration.ofSeconds(90));
			assertThat(created.key()).isEqualTo(shippable);
			RecordedEvent dead = deadLetters.awaitEvent("order_placed", Duration.ofSeconds(30));
			assertThat(dead.key()).isEqualTo(unshippable);
			assertThat(dead.headers()).containsEntry("exc_class", "UnshippableOrderException");
		}
		assertThat(LOG).content().contains("Starting AOT-processed ShippingServiceApplication");
	}

	private static OrderPlaced order(String orderId, String country) {
		return new OrderPlaced(orderId, country, List.of(new OrderPlaced.Item("book-1", 1)));
	}

	private static Path executableJar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((file) -> file.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No executable jar in target: package first"));
		}
	}

}
