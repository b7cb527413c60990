package io.eventwire.autoconfigure.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import io.eventwire.OutgoingEvent;
import io.eventwire.autoconfigure.MongoTransactionRequiredException;
import io.eventwire.autoconfigure.publish.EventPublisherAutoConfiguration;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxRelay;
import io.eventwire.outbox.OutboxTransactionRequiredException;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.MongoTransactionManager;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The outbox's beans as an application meets them: its own EventOutbox replaces eventwire's, a
 * write outside a transaction is warned of once per call site or refused, and the relay prepares the
 * outbox collection at startup when the application injects the outbox, and never in the middle of
 * a transaction's first write.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutboxAutoConfigurationTests {

	static final EmbeddedMongo mongo = new EmbeddedMongo("outbox-auto-configuration");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				MongoAutoConfiguration.class, DataMongoAutoConfiguration.class, EventPublisherAutoConfiguration.class,
				OutboxAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=localhost:9", "spring.kafka.admin.auto-create=false",
				"spring.mongodb.uri=" + mongo.uri(), "eventwire.service-name=outbox-auto-configuration");

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@Test
	void anEventOutboxOfTheApplicationReplacesEventwires() {
		this.runner.withPropertyValues("eventwire.outbox.relay.enabled=false")
			.withUserConfiguration(FakeOutbox.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(EventOutbox.class);
				assertThat(context.getBean(EventOutbox.class)).isSameAs(context.getBean(FakeOutbox.class).outbox);
			});
	}

	@Test
	void aWriteOutsideATransactionIsWarnedOfOncePerCallSite(CapturedOutput output) {
		this.runner.withPropertyValues("eventwire.outbox.relay.enabled=false").run((context) -> {
			EventOutbox outbox = context.getBean(EventOutbox.class);
			for (int i = 0; i < 3; i++) {
				outbox.publish(event("warned-" + i));
			}
			outbox.publish(event("other-site"));
			assertThat(warnings(output)).hasSize(2)
				.allSatisfy((line) -> assertThat(line).contains(OutboxAutoConfigurationTests.class.getName()
						+ ".lambda$aWriteOutsideATransactionIsWarnedOfOncePerCallSite"));
		});
	}

	@Test
	void requireTransactionRefusesAWriteOutsideATransaction(CapturedOutput output) {
		this.runner
			.withPropertyValues("eventwire.outbox.relay.enabled=false", "eventwire.outbox.require-transaction=true",
					"eventwire.outbox.collection=required_outbox")
			.withUserConfiguration(Transactions.class)
			.run((context) -> {
				assertThatExceptionOfType(OutboxTransactionRequiredException.class)
					.isThrownBy(() -> context.getBean(EventOutbox.class).publish(event("refused")))
					.withMessageContaining("outside a MongoDB transaction")
					.withMessageContaining(OutboxAutoConfigurationTests.class.getName());
				assertThat(context.getBean(MongoTemplate.class).getCollection("required_outbox").countDocuments()).isZero();
				assertThat(warnings(output)).isEmpty();
				// Inside a transaction it goes through: OutboxTransactionTests, on a replica set (the test server
				// has no sessions).
			});
	}

	@Test
	void requireTransactionWithoutATransactionManagerFailsTheStartWithAnExplanation() {
		this.runner.withPropertyValues("eventwire.outbox.relay.enabled=false", "eventwire.outbox.require-transaction=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(MongoTransactionRequiredException.class)
					.rootCause()
					.hasMessageContaining("eventwire.outbox.require-transaction=true");
			});
	}

	@Test
	void theRelayPreparesTheOutboxAtStartupWhenTheApplicationInjectsIt() {
		this.runner.withPropertyValues("eventwire.outbox.collection=injected_outbox")
			.withUserConfiguration(OutboxUser.class)
			.run((context) -> {
				OutboxRelay relay = context.getBean(OutboxRelay.class);
				await().atMost(Duration.ofSeconds(20)).until(relay::outboxUsed);
				MongoTemplate template = context.getBean(MongoTemplate.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> indexes(template, "injected_outbox").size() >= 3);
				assertThat(template.getCollection("injected_outbox").countDocuments()).isZero();
			});
	}

	@Test
	void aFirstWriteInATransactionLeavesThePreparationToAfterTheCommit() {
		this.runner.withPropertyValues("eventwire.outbox.collection=transactional_outbox")
			.withUserConfiguration(RecordedCommands.class)
			.run((context) -> {
				OutboxRelay relay = context.getBean(OutboxRelay.class);
				MongoTemplate template = context.getBean(MongoTemplate.class);
				// The idle relay's first look at the outbox, before the write: the test server has no
				// transactions, so a later look would see the "uncommitted" document, which a real server hides.
				await().atMost(Duration.ofSeconds(20))
					.until(() -> context.getBean(RecordedCommands.class).find.stream()
						.anyMatch((namespace) -> namespace.endsWith(".transactional_outbox")));
				assertThat(relay.outboxUsed()).isFalse();
				// As a transaction of another manager leaves the thread: the write itself goes straight to the server.
				TransactionSynchronizationManager.initSynchronization();
				TransactionSynchronizationManager.setActualTransactionActive(true);
				try {
					context.getBean(EventOutbox.class).publish(event("in-transaction"));
					assertThat(relay.outboxUsed()).isFalse();
					assertThat(indexes(template, "transactional_outbox")).containsExactly("_id_");
					TransactionSynchronizationUtils.triggerAfterCommit();
				}
				finally {
					TransactionSynchronizationManager.setActualTransactionActive(false);
					TransactionSynchronizationManager.clearSynchronization();
				}
				await().atMost(Duration.ofSeconds(20)).until(relay::outboxUsed);
				await().atMost(Duration.ofSeconds(20)).until(() -> indexes(template, "transactional_outbox").size() >= 3);
			});
	}

	private static OutgoingEvent event(String key) {
		return OutgoingEvent.builder("outbox-auto-configuration", "noted", key, Map.of("key", key)).build();
	}

	private static List<String> warnings(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.contains("WARN") && line.contains("EventOutbox.publish")).toList();
	}

	private static List<String> indexes(MongoTemplate template, String collection) {
		return template.getCollection(collection).listIndexes().into(new ArrayList<>()).stream()
			.map((index) -> index.getString("name"))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class FakeOutbox {

		final EventOutbox outbox = (event) -> {
		};

		@Bean
		EventOutbox recordingOutbox() {
			return this.outbox;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Transactions {

		@Bean
		MongoTransactionManager transactionManager(MongoDatabaseFactory factory) {
			return new MongoTransactionManager(factory);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordedCommands {

		/** The namespaces of the find commands answered. */
		final Queue<String> find = new ConcurrentLinkedQueue<>();

		@Bean
		MongoClientSettingsBuilderCustomizer recordFinds() {
			return (settings) -> settings.addCommandListener(new CommandListener() {
				@Override
				public void commandSucceeded(CommandSucceededEvent event) {
					if (event.getCommandName().equals("find")) {
						RecordedCommands.this.find.add(event.getResponse().getDocument("cursor").getString("ns").getValue());
					}
				}
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OutboxUser {

		@Bean
		Object orderService(EventOutbox outbox) {
			return new Object();
		}

	}

}
