package io.eventwire.autoconfigure.keyorder;

import io.eventwire.autoconfigure.consume.EventConsumerAutoConfiguration;
import io.eventwire.autoconfigure.publish.EventPublisherAutoConfiguration;
import io.eventwire.keyorder.KeyOrder;
import io.eventwire.keyorder.ParkedKeys;
import io.eventwire.keyorder.ParkingLog;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key order is on by default with the dead-letter queue, keeps its state in a compacted topic of
 * one partition named after the service, and is off with eventwire.dlq.key-order=false or without
 * the dead-letter queue.
 */
class KeyOrderAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				EventPublisherAutoConfiguration.class, EventConsumerAutoConfiguration.class))
		.withPropertyValues("eventwire.service-name=orders", "spring.kafka.bootstrap-servers=localhost:9",
				"spring.kafka.admin.auto-create=false", "eventwire.consumer.auto-startup=false")
		// The consumer side exists only where there are translators.
		.withBean(io.eventwire.autoconfigure.OneTranslator.class);

	@Test
	void isOnByDefaultWithACompactedParkingTopicOfOnePartition() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(KeyOrder.class).hasSingleBean(ParkedKeys.class).hasSingleBean(ParkingLog.class);
			assertThat(context.getBean(ParkingLog.class).topic()).isEqualTo("parked-orders");
			NewTopic topic = context.getBean("eventwireParkingTopic", NewTopic.class);
			assertThat(topic.name()).isEqualTo("parked-orders");
			assertThat(topic.numPartitions()).isEqualTo(1);
			assertThat(topic.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
		});
	}

	@Test
	void isOffWithKeyOrderFalse() {
		this.runner.withPropertyValues("eventwire.dlq.key-order=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KeyOrder.class)
				.doesNotHaveBean(ParkingLog.class)
				.doesNotHaveBean("eventwireParkingTopic"));
	}

	@Test
	void isOffWithoutTheDeadLetterQueue() {
		this.runner.withPropertyValues("eventwire.dlq.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KeyOrder.class)
				.doesNotHaveBean(ParkingLog.class));
	}

}
