package io.eventwire.autoconfigure.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxRelay;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service with MongoDB configured, the relay and the inbox on, a translator, and no outbox use: it
 * pays (almost) nothing in MongoDB until it writes to the outbox, and relays at once when it does.
 */
@DirtiesContext
@SpringBootTest(classes = IdleOutboxCostTests.App.class,
		properties = { "eventwire.service-name=idle-outbox", "eventwire.outbox.relay.enabled=true",
				"eventwire.consumer.deduplication.enabled=true" })
class IdleOutboxCostTests {

	static final String TOPIC = "idle-outbox-orders";

	static final EmbeddedMongo mongo = new EmbeddedMongo("idle-outbox");

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", mongo::uri);
	}

	@Autowired
	Queue<String> commands;

	@Autowired
	EventOutbox outbox;

	@Autowired
	OutboxRelay relay;

	@Autowired
	Handler handler;

	@Test
	void idleServiceIssuesAtMostFiveCommandsIn15SecondsAndRelaysAtOnceWhenItWrites() {
		// Started, and idle for 15 s: at most five commands all along.
		await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(17))
			.untilAsserted(() -> assertThat(List.copyOf(this.commands)).as("MongoDB commands while idle")
				.hasSizeLessThanOrEqualTo(5));
		assertThat(this.relay.outboxUsed()).isFalse();

		Instant written = Instant.now();
		this.outbox.publish(TOPIC, "order_placed", "o-1", Map.of("orderId", "o-1"));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.handler.received.contains("o-1"));
		assertThat(Duration.between(written, Instant.now())).isLessThan(Duration.ofSeconds(10));
		assertThat(this.relay.outboxUsed()).isTrue();
		// Now it works as ever: the indexes and leases exist.
		assertThat(this.commands).contains("createIndexes", "findAndModify");
	}

	@EventTranslator(topics = TOPIC)
	static class Handler {

		final Queue<String> received = new ConcurrentLinkedQueue<>();

		@OnEvent("order_placed")
		void placed(Map<String, Object> event) {
			this.received.add((String) event.get("orderId"));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Handler.class)
	static class App {

		@Bean
		DisposableBean closeEmbeddedMongo() {
			return mongo::close;
		}

		/** The names of the MongoDB commands issued. */
		@Bean
		Queue<String> commands() {
			return new ConcurrentLinkedQueue<>();
		}

		@Bean
		MongoClientSettingsBuilderCustomizer recordCommands(Queue<String> commands) {
			return (settings) -> settings.addCommandListener(new CommandListener() {
				@Override
				public void commandStarted(CommandStartedEvent event) {
					commands.add(event.getCommandName());
				}
			});
		}

		@Bean
		NewTopic ordersTopic() {
			return TopicBuilder.name(TOPIC).partitions(3).replicas(1).build();
		}

	}

}
