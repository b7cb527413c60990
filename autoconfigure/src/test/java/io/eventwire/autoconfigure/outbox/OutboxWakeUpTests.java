package io.eventwire.autoconfigure.outbox;

import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.eventwire.autoconfigure.publish.EventPublisherAutoConfiguration;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Whether an outbox write wakes the local relay ({@code eventwire.outbox.relay.wake-on-write}),
 * and what the first write does.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutboxWakeUpTests {

	private static final EmbeddedMongo mongo = new EmbeddedMongo("outbox-wakeup");

	private static final MongoClient client = MongoClients.create(mongo.uri());

	private final OutboxRelay relay = mock(OutboxRelay.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				EventPublisherAutoConfiguration.class, OutboxAutoConfiguration.class))
		.withPropertyValues("spring.application.name=outbox-wakeup", "spring.kafka.bootstrap-servers=localhost:9",
				"spring.kafka.admin.auto-create=false")
		.withBean(MongoOperations.class, () -> new MongoTemplate(client, "outbox-wakeup"))
		.withBean(OutboxRelay.class, () -> this.relay);

	@AfterAll
	static void closeMongo() {
		client.close();
		mongo.close();
	}

	@Test
	void aWriteWakesTheRelayByDefault() {
		this.runner.run((context) -> {
			context.getBean(EventOutbox.class).publish("orders", "order_placed", "o-1", Map.of("orderId", "o-1"));
			verify(this.relay).wakeUp();
		});
	}

	@Test
	void aWriteOutsideATransactionIsToldAtTheWriteNotAtStartup(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(output).doesNotContain("outside a MongoDB transaction");
			for (String order : new String[] { "o-3", "o-4" }) {
				context.getBean(EventOutbox.class).publish("orders", "order_placed", order, Map.of("orderId", order));
				assertThat(output).containsOnlyOnce("outside a MongoDB transaction");
			}
			verify(this.relay).beforeFirstWrite();
		});
	}

	@Test
	void withWakeOnWriteOffTheRelayOnlyPolls() {
		this.runner.withPropertyValues("eventwire.outbox.relay.wake-on-write=false").run((context) -> {
			context.getBean(EventOutbox.class).publish("orders", "order_placed", "o-2", Map.of("orderId", "o-2"));
			verify(this.relay, never()).wakeUp();
		});
	}

}
