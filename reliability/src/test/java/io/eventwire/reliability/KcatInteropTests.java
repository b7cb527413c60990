package io.eventwire.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.eventwire.EventMetadata;
import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 8 of docs/reliability.md: interop with an independent client, {@code kcat} (librdkafka),
 * speaking hexkit's headers. kcat produces an event eventwire handles; kcat reads an event eventwire
 * published; kcat replays a dead letter into {@code retry-<service>} the hexkit way and eventwire
 * handles it as an event of its original topic. Skipped where kcat is not installed
 * ({@code apt-get install kcat}).
 */
class KcatInteropTests {

	static final String TOPIC = "kcat-orders";

	static final String SERVICE = "kcat-interop";

	@Test
	void eventsAndReplaysCrossBetweenEventwireAndKcat() throws Exception {
		assumeThat(kcatInstalled()).as("kcat on the PATH").isTrue();
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC, "dlq", "retry-" + SERVICE);
		broker.afterPropertiesSet();
		String brokers = broker.getBrokersAsString();
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run("--spring.kafka.bootstrap-servers=" + brokers, "--eventwire.service-name=" + SERVICE,
					"--eventwire.outbox.relay.enabled=false", "--spring.main.banner-mode=off")) {
			Orders orders = app.getBean(Orders.class);

			// kcat → eventwire, with hexkit's headers.
			String eventId = UUID.randomUUID().toString();
			String correlationId = UUID.randomUUID().toString();
			kcat("{\"orderId\":\"o-kcat\",\"quantity\":2}", "-P", "-b", brokers, "-t", TOPIC, "-k", "o-kcat", "-H",
					"type=order_placed", "-H", "event_id=" + eventId, "-H", "correlation_id=" + correlationId);
			EventMetadata fromKcat = await().atMost(Duration.ofSeconds(30))
				.until(() -> orders.placed.get("o-kcat"), (metadata) -> metadata != null);
			assertThat(fromKcat.eventId()).isEqualTo(eventId);
			assertThat(fromKcat.correlationId()).isEqualTo(correlationId);
			assertThat(fromKcat.key()).isEqualTo("o-kcat");

			// eventwire → kcat: the standard headers are there for any client.
			app.getBean(EventPublisher.class).publish(TOPIC, "order_placed", "o-ew", new Order("o-ew", 1));
			String read = kcat(null, "-C", "-b", brokers, "-t", TOPIC, "-o", "beginning", "-e", "-q", "-f",
					"%k|%h|%s\\n");
			String line = read.lines().filter((l) -> l.startsWith("o-ew|")).findFirst().orElseThrow();
			assertThat(line).contains("type=order_placed").contains("event_id=").contains("correlation_id=")
				.endsWith("{\"orderId\":\"o-ew\",\"quantity\":1}");

			// A dead letter, replayed by kcat into retry-<service> with hexkit's original_topic header.
			kcat("{\"orderId\":\"o-refused\",\"quantity\":3}", "-P", "-b", brokers, "-t", TOPIC, "-k", "o-refused", "-H",
					"type=order_refused_once", "-H", "event_id=" + UUID.randomUUID(), "-H",
					"correlation_id=" + UUID.randomUUID());
			String deadLetter = await().atMost(Duration.ofSeconds(30))
				.until(() -> kcat(null, "-C", "-b", brokers, "-t", "dlq", "-o", "beginning", "-e", "-q", "-f",
						"%h|%s\\n"), (out) -> out.contains("o-refused"));
			assertThat(deadLetter).contains("original_topic=" + TOPIC).contains("exc_class=NonRetryableEventException");
			kcat("{\"orderId\":\"o-refused\",\"quantity\":3}", "-P", "-b", brokers, "-t", "retry-" + SERVICE, "-k",
					"o-refused", "-H", "type=order_refused_once", "-H", "event_id=" + UUID.randomUUID(), "-H",
					"correlation_id=" + UUID.randomUUID(), "-H", "original_topic=" + TOPIC);
			EventMetadata replayed = await().atMost(Duration.ofSeconds(30))
				.until(() -> orders.replayed.get("o-refused"), (metadata) -> metadata != null);
			assertThat(replayed.topic()).isEqualTo(TOPIC);
			System.out.println("kcat interop: produced, consumed and replayed through retry-" + SERVICE);
		}
		finally {
			broker.destroy();
		}
	}

	private static boolean kcatInstalled() {
		try {
			return new ProcessBuilder("kcat", "-V").redirectErrorStream(true).start().waitFor() == 0;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

	private static String kcat(String input, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("kcat"));
		command.addAll(List.of(args));
		Path output = Files.createTempFile("kcat", ".out");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		Process process = builder.start();
		if (input != null) {
			process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
		}
		process.getOutputStream().close();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("kcat finished").isTrue();
		String out = Files.readString(output);
		assertThat(process.exitValue()).as("kcat exit code, output: %s", out).isZero();
		return out;
	}

	record Order(String orderId, int quantity) {
	}

	@EventTranslator(topics = TOPIC)
	static class Orders {

		final Map<String, EventMetadata> placed = new ConcurrentHashMap<>();

		final Map<String, EventMetadata> replayed = new ConcurrentHashMap<>();

		private final AtomicBoolean refused = new AtomicBoolean();

		@OnEvent("order_placed")
		void placed(Order order, EventMetadata metadata) {
			this.placed.put(order.orderId(), metadata);
		}

		@OnEvent("order_refused_once")
		void refusedOnce(Order order, EventMetadata metadata) {
			if (this.refused.compareAndSet(false, true)) {
				throw new NonRetryableEventException("Refused the first time");
			}
			this.replayed.put(order.orderId(), metadata);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Orders.class)
	static class App {

	}

}
