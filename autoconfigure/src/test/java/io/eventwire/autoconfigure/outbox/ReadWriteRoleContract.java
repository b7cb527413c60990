package io.eventwire.autoconfigure.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.eventwire.outbox.EventOutbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static io.eventwire.autoconfigure.outbox.RetentionScenario.TOPIC;
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

	abstract String mongoUri();

	@Test
	void aRetentionChangeTheUserMayNotApplyStopsNothing(CapturedOutput output) {
		Queue<String> handled = new ConcurrentLinkedQueue<>();
		try (ConfigurableApplicationContext first = start(handled, "7d", "7d")) {
			first.getBean(EventOutbox.class).publish(TOPIC, "order_placed", "rw-1", Map.of("orderId", "rw-1"));
			await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("rw-1"));
		}
		try (ConfigurableApplicationContext second = start(handled, "1d", "2d")) {
			second.getBean(EventOutbox.class).publish(TOPIC, "order_placed", "rw-2", Map.of("orderId", "rw-2"));
			second.getBean(EventOutbox.class).publish(TOPIC, "order_placed", "rw-3", Map.of("orderId", "rw-3"));
			await().atMost(Duration.ofSeconds(30)).until(() -> handled.containsAll(List.of("rw-2", "rw-3")));
			// The topic is shared with the other retention tests: only this test's orders count.
			assertThat(handled.stream().filter((id) -> id.startsWith("rw-"))).containsExactlyInAnyOrder("rw-1", "rw-2", "rw-3");

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
		return RetentionScenario.start(handled, mongoUri(), "read-write-role", outboxRetention, inboxRetention);
	}

}
