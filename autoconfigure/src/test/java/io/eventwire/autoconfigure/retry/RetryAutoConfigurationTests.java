package io.eventwire.autoconfigure.retry;

import java.io.UncheckedIOException;
import java.util.List;

import io.eventwire.autoconfigure.consume.ConsumerHealthAutoConfiguration;
import io.eventwire.autoconfigure.consume.ConsumerHealthIndicator;
import io.eventwire.autoconfigure.consume.EventConsumerAutoConfiguration;
import io.eventwire.autoconfigure.publish.EventPublisherAutoConfiguration;
import io.eventwire.dlq.FailureClassifier;
import io.eventwire.retry.ConsumerGroupStates;
import io.eventwire.retry.EventBackOffs;
import io.eventwire.retry.PartitionPausingBackOffHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pieces of the translators' failure handling: created by default, replaceable, configured by
 * eventwire.retry and eventwire.consumer.circuit-breaker, and the eventwire health contributor.
 */
class RetryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				EventPublisherAutoConfiguration.class, EventConsumerAutoConfiguration.class,
				ConsumerHealthAutoConfiguration.class))
		.withPropertyValues("spring.application.name=retry-auto-config-test", "spring.kafka.bootstrap-servers=localhost:9",
				"spring.kafka.admin.auto-create=false", "eventwire.consumer.auto-startup=false")
		// The consumer side exists only where there are translators.
		.withBean(io.eventwire.autoconfigure.OneTranslator.class);

	@Test
	void createsTheFailureHandlingPiecesAndTheHealthContributor() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(FailureClassifier.class)
			.hasSingleBean(ConsumerGroupStates.class)
			.hasSingleBean(EventBackOffs.class)
			.hasSingleBean(PartitionPausingBackOffHandler.class)
			.hasSingleBean(ConsumerHealthIndicator.class)
			.hasBean("eventwireHealthIndicator"));
	}

	@Test
	void configuredTransientExceptionsWait() {
		this.runner.withPropertyValues("eventwire.retry.transient-exceptions=java.io.UncheckedIOException")
			.run((context) -> assertThat(context.getBean(FailureClassifier.class)
				.isTransient(new UncheckedIOException(new java.io.IOException("disk")))).isTrue());
	}

	@Test
	void anApplicationsOwnClassifierReplacesEventwires() {
		FailureClassifier own = new FailureClassifier(List.of(IllegalStateException.class));
		this.runner.withBean(FailureClassifier.class, () -> own)
			.run((context) -> assertThat(context.getBean(FailureClassifier.class)).isSameAs(own));
	}

	@Test
	void theHealthContributorCanBeTurnedOff() {
		this.runner.withPropertyValues("management.health.eventwire.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ConsumerHealthIndicator.class));
	}

	@Test
	void aBreakerThatCouldNeverOpenOrCloseFailsTheStartupNamingTheProperty() {
		this.runner.withPropertyValues("eventwire.consumer.circuit-breaker.failure-threshold=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("eventwire.consumer.circuit-breaker.failure-threshold must be at least 1"));
		this.runner
			.withPropertyValues("eventwire.consumer.circuit-breaker.open-duration=1m",
					"eventwire.consumer.circuit-breaker.max-open-duration=10s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("max-open-duration (PT10S) must not be shorter than open-duration (PT1M)"));
	}

}
