package io.eventwire.autoconfigure.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.outbox.EventOutbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application user with the built-in {@code readWrite} role, which may not run {@code collMod}:
 * after the outbox and inbox retention changed, the relay still delivers and the handler still
 * succeeds; the refused command is said once at WARN, with the command and the role it needs, and
 * shown in both health contributors.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class ReadWriteRoleContract {

	static final String TOPIC = "read-write-role-orders";

	abstract String mongoUri();

	@Test
	void aRetentionChangeTheUserMayNotApplyStopsNothing(CapturedOutput output) {
		Queue<String> handled = new ConcurrentLinkedQueue<>();
		try (ConfigurableApplicationContext first = start(handled, "7d", "7d")) {
			first.getBean(EventOutbox.class).publish(TOPIC, "order_placed", "o-1", Map.of("orderId", "o-1"));
			await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("o-1"));
		}
		try (ConfigurableApplicationContext second = start(handled, "1d", "2d")) {
			second.getBean(EventOutbox.class).publish(TOPIC, "order_placed", "o-2", Map.of("orderId", "o-2"));
			second.getBean(EventOutbox.class).publish(TOPIC, "order_placed", "o-3", Map.of("orderId", "o-3"));
			await().atMost(Duration.ofSeconds(30)).until(() -> handled.containsAll(List.of("o-2", "o-3")));
			assertThat(handled).containsExactlyInAnyOrder("o-1", "o-2", "o-3");

			Health outbox = ((HealthIndicator) second.getBean("eventwireOutboxHealthIndicator")).health(true);
			assertThat(outbox.getDetails().get("missingPrivileges")).asString()
				.contains("collMod: \"eventwire_outbox\"", "expireAfterSeconds: 86400", "dbAdmin");
			Health consumers = ((HealthIndicator) second.getBean("eventwireHealthIndicator")).health(true);
			assertThat(consumers.getDetails().get("missingPrivileges")).asString()
				.contains("collMod: \"eventwire_inbox\"", "expireAfterSeconds: 172800", "dbAdmin");
		}
		assertThat(output.getOut().lines().filter((line) -> line.contains("WARN")
				&& line.contains("MongoDB refused db.runCommand({collMod: \"eventwire_outbox\"")).count()).isOne();
		assertThat(output.getOut().lines().filter((line) -> line.contains("WARN")
				&& line.contains("MongoDB refused db.runCommand({collMod: \"eventwire_inbox\"")).count()).isOne();
	}

	private ConfigurableApplicationContext start(Queue<String> handled, String outboxRetention, String inboxRetention) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.initializers((context) -> context.getBeanFactory().registerSingleton("handled", handled))
			.run("--spring.mongodb.uri=" + mongoUri(), "--eventwire.service-name=read-write-role",
					"--eventwire.outbox.relay.enabled=true", "--eventwire.outbox.relay.poll-interval=200ms",
					"--eventwire.consumer.deduplication.enabled=true", "--eventwire.outbox.retention=" + outboxRetention,
					"--eventwire.consumer.deduplication.retention=" + inboxRetention,
					"--management.health.defaults.enabled=true");
	}

	@EventTranslator(topics = TOPIC)
	static class Orders {

		private final Queue<String> handled;

		Orders(Queue<String> handled) {
			this.handled = handled;
		}

		@OnEvent("order_placed")
		void placed(Map<String, Object> order) {
			this.handled.add((String) order.get("orderId"));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		@SuppressWarnings("unchecked")
		Orders orders(org.springframework.beans.factory.BeanFactory beanFactory) {
			return new Orders((Queue<String>) beanFactory.getBean("handled"));
		}

	}

}
