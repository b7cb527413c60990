package io.eventwire.autoconfigure.consume;

import io.eventwire.autoconfigure.MongoTransactionRequiredException;
import io.eventwire.autoconfigure.OneTranslator;
import io.eventwire.autoconfigure.publish.EventPublisherAutoConfiguration;
import io.eventwire.consume.EventInbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.MongoTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether handlers run inside a MongoDB transaction with their inbox record is the application's
 * explicit choice: off by default, even with a MongoTransactionManager; on, it says so at startup,
 * and it needs a MongoTransactionManager.
 */
@ExtendWith(OutputCaptureExtension.class)
class InboxTransactionPropertyTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				MongoAutoConfiguration.class, DataMongoAutoConfiguration.class, EventPublisherAutoConfiguration.class,
				EventConsumerAutoConfiguration.class))
		// No broker and no server are reached: the consumers are off, and the inbox connects at first use.
		.withPropertyValues("spring.application.name=inbox-transaction", "spring.kafka.bootstrap-servers=localhost:9",
				"spring.kafka.admin.auto-create=false", "eventwire.consumer.auto-startup=false",
				"spring.mongodb.uri=mongodb://localhost:9/inbox", "eventwire.consumer.deduplication.enabled=true")
		.withUserConfiguration(OneTranslator.class);

	@Test
	void handlersRunOutsideTransactionsByDefaultEvenWithATransactionManager(CapturedOutput output) {
		this.runner.withUserConfiguration(Transactions.class).run((context) -> {
			assertThat(context.getBean(EventInbox.class).transactions()).isNull();
			assertThat(output).doesNotContain("inside a MongoDB transaction");
		});
	}

	@Test
	void transactionalHandlersAreSaidAtStartup(CapturedOutput output) {
		this.runner.withUserConfiguration(Transactions.class)
			.withPropertyValues("eventwire.consumer.deduplication.transactional=true")
			.run((context) -> {
				assertThat(context.getBean(EventInbox.class).transactions()).isNotNull();
				assertThat(output).contains("INFO").contains("Each handler runs inside a MongoDB transaction");
			});
	}

	@Test
	void transactionalHandlersNeedATransactionManager() {
		this.runner.withPropertyValues("eventwire.consumer.deduplication.transactional=true")
			.run((context) -> assertThat(context.getStartupFailure())
				.hasRootCauseInstanceOf(MongoTransactionRequiredException.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Transactions {

		@Bean
		MongoTransactionManager transactionManager(MongoDatabaseFactory factory) {
			return new MongoTransactionManager(factory);
		}

	}

}
