package io.eventwire.autoconfigure.dlq;

import io.eventwire.autoconfigure.CompactedTopics;
import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.autoconfigure.ServiceName;
import io.eventwire.autoconfigure.consume.EventConsumerAutoConfiguration;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.dlq.KafkaDeadLetters;
import io.eventwire.keyorder.KeyOrders;
import io.eventwire.metrics.EventMetrics;
import io.eventwire.publish.EventProducer;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Auto-configuration of {@link DeadLetters}: inspecting, replaying and discarding this service's
 * dead letters.
 */
@AutoConfiguration(after = EventConsumerAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = { "eventwire.enabled", "eventwire.dlq.enabled" }, matchIfMissing = true)
@ConditionalOnBean({ EventProducer.class, EventMetrics.class })
public final class DeadLetterAutoConfiguration {

	@Bean
	@SuppressWarnings("unchecked")
	@ConditionalOnMissingBean(DeadLetters.class)
	@ConditionalOnBean(name = "eventwireListenerContainerFactory")
	KafkaDeadLetters deadLetters(
			@Qualifier("eventwireListenerContainerFactory") ConcurrentKafkaListenerContainerFactory<String, byte[]> containerFactory,
			EventProducer producer, EventwireProperties properties, EventMetrics metrics, Environment environment,
			ObjectProvider<KeyOrders> keyOrders) {
		String serviceName = ServiceName.resolve(properties, environment);
		// The factory was built for String keys and byte[] values; its getter widens the generics.
		ConsumerFactory<String, byte[]> consumerFactory = (ConsumerFactory<String, byte[]>) containerFactory
			.getConsumerFactory();
		return new KafkaDeadLetters(consumerFactory, producer, properties.dlq().topic(),
				serviceName, ServiceName.retryTopic(serviceName), metrics, keyOrders.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean(name = "eventwireResolvedDeadLettersTopic")
	@ConditionalOnBean(name = "eventwireListenerContainerFactory")
	NewTopic eventwireResolvedDeadLettersTopic(EventwireProperties properties, Environment environment) {
		// What this service replayed or discarded ahead of earlier dead letters.
		return CompactedTopics.topic(KafkaDeadLetters.resolvedTopic(ServiceName.resolve(properties, environment)));
	}

}
