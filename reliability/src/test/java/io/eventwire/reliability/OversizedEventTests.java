package io.eventwire.reliability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.eventwire.EventPublisher;
import io.eventwire.PublishException;
import io.eventwire.PublishResult;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An event larger than the producer's {@code max.request.size} fails at once with a
 * {@link PublishException} naming the cause, both ways of publishing directly; it is not retried
 * (the outbox's counterpart, marked failed after {@code max-attempts}, is in OutboxRelayTests).
 */
class OversizedEventTests {

	static final String TOPIC = "oversized-orders";

	@Test
	void anOversizedEventFailsFastWithAClearException() throws Exception {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);
		broker.afterPropertiesSet();
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run("--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--eventwire.service-name=oversized",
					"--eventwire.outbox.relay.enabled=false", "--spring.main.banner-mode=off")) {
			EventPublisher publisher = app.getBean(EventPublisher.class);
			publisher.publish(TOPIC, "order_placed", "warm", Map.of("orderId", "warm")); // metadata is known
			Map<String, String> huge = Map.of("orderId", "big", "notes", "n".repeat(2 * 1024 * 1024));

			long started = System.nanoTime();
			assertThatExceptionOfType(PublishException.class)
				.isThrownBy(() -> publisher.publish(TOPIC, "order_placed", "big", huge))
				.withStackTraceContaining("RecordTooLargeException");
			CompletableFuture<PublishResult> async = publisher.publishAsync(TOPIC, "order_placed", "big", huge);
			assertThat(async).failsWithin(Duration.ofSeconds(5))
				.withThrowableThat()
				.havingRootCause()
				.isInstanceOf(org.apache.kafka.common.errors.RecordTooLargeException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		}
		finally {
			broker.destroy();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
