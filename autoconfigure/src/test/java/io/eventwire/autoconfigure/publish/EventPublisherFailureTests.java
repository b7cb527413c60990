package io.eventwire.autoconfigure.publish;

import java.util.concurrent.CompletionException;

import io.eventwire.EventPublisher;
import io.eventwire.PublishException;
import io.eventwire.autoconfigure.EventwireProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A publish that the broker does not acknowledge fails with a {@link PublishException}, never
 * silently.
 */
class EventPublisherFailureTests {

	// Nothing listens on port 9: the producer cannot fetch metadata and gives up after max.block.ms.
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				EventPublisherAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=localhost:9", "spring.kafka.admin.auto-create=false",
				"spring.kafka.producer.properties.max.block.ms=300");

	@Test
	void publishThrowsWhenTheBrokerDoesNotAcknowledge() {
		this.runner.run((context) -> {
			EventPublisher publisher = context.getBean(EventPublisher.class);
			assertThatExceptionOfType(PublishException.class)
				.isThrownBy(() -> publisher.publish("orders", "order_placed", "o-1", new Order("o-1")))
				.withMessageContaining("was not published to orders")
				.satisfies((ex) -> {
					assertThat(ex.getTopic()).isEqualTo("orders");
					assertThat(ex.getType()).isEqualTo("order_placed");
				});
		});
	}

	@Test
	void publishAsyncCompletesExceptionally() {
		this.runner.run((context) -> {
			EventPublisher publisher = context.getBean(EventPublisher.class);
			assertThatExceptionOfType(CompletionException.class)
				.isThrownBy(() -> publisher.publishAsync("orders", "order_placed", "o-1", new Order("o-1")).join())
				.withCauseInstanceOf(PublishException.class);
		});
	}

	@Test
	void payloadThatCannotBeWrittenAsJsonIsRefused() {
		this.runner.run((context) -> {
			EventPublisher publisher = context.getBean(EventPublisher.class);
			assertThatExceptionOfType(PublishException.class)
				.isThrownBy(() -> publisher.publish("orders", "order_placed", "o-1", new Broken()))
				.withMessageContaining("as JSON");
		});
	}

	@Test
	void generationOfMissingCorrelationIdsCanBeTurnedOff() {
		this.runner.withPropertyValues("eventwire.correlation.generate-if-missing=false").run((context) -> {
			assertThat(context.getBean(EventwireProperties.class).correlation().generateIfMissing()).isFalse();
			assertThatExceptionOfType(PublishException.class)
				.isThrownBy(() -> context.getBean(EventPublisher.class).publish("orders", "t", "k", new Order("o")))
				.withMessageContaining("No correlation id is current");
		});
	}

	record Order(String id) {
	}

	static class Broken {

		public String getValue() {
			throw new IllegalStateException("cannot read value");
		}

	}

}
