package io.eventwire.autoconfigure.consume;

import java.time.Clock;
import java.time.Duration;

import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.autoconfigure.ServiceName;
import io.eventwire.keyorder.KeyOrder;
import io.eventwire.keyorder.ParkedKeys;
import io.eventwire.keyorder.ParkingLog;
import io.eventwire.metrics.EventMetrics;
import io.eventwire.publish.EventProducer;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Key order under dead letters ({@code eventwire.dlq.key-order}, on by default with the
 * dead-letter queue): the parking topic, read by every instance, and the parking and releasing of
 * keys in the service's consumer group.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = { "eventwire.dlq.enabled", "eventwire.dlq.key-order" }, matchIfMissing = true)
@ConditionalOnBean(EventProducer.class)
class KeyOrderConfiguration {

	// How long a write to the parking topic, or reading it back, may take before the event waits.
	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Bean
	@ConditionalOnMissingBean
	ParkedKeys eventwireParkedKeys(EventwireProperties properties, Environment environment, EventMetrics metrics) {
		ParkedKeys keys = new ParkedKeys();
		metrics.parkedKeys(keys, ServiceName.resolve(properties, environment));
		return keys;
	}

	@Bean
	@ConditionalOnMissingBean
	@SuppressWarnings("unchecked")
	ParkingLog eventwireParkingLog(
			@Qualifier("eventwireListenerContainerFactory") ObjectProvider<ConcurrentKafkaListenerContainerFactory<String, byte[]>> containerFactory,
			EventProducer producer, EventwireProperties properties, Environment environment, ParkedKeys keys) {
		String topic = ServiceName.parkingTopic(ServiceName.resolve(properties, environment));
		// Resolved when the reader starts: the container factory's error handler needs key order.
		// The factory was built for String keys and byte[] values; its getter widens the generics.
		return new ParkingLog(() -> ((ConsumerFactory<String, byte[]>) containerFactory.getObject().getConsumerFactory())
			.createConsumer(null, "eventwire-parking", null), producer.kafkaTemplate(), topic, keys, TIMEOUT);
	}

	@Bean
	@ConditionalOnMissingBean
	KeyOrder eventwireKeyOrder(ParkingLog log, EventProducer producer, EventwireProperties properties,
			Environment environment) {
		return new KeyOrder(log, producer.kafkaTemplate(),
				ServiceName.retryTopic(ServiceName.resolve(properties, environment)), Clock.systemUTC(), TIMEOUT);
	}

	@Bean
	@ConditionalOnMissingBean(name = "eventwireParkingTopic")
	NewTopic eventwireParkingTopic(EventwireProperties properties, Environment environment) {
		// One partition: one order of writes and one end offset to catch up with; compacted, so it
		// holds what is parked now, not its history.
		return TopicBuilder.name(ServiceName.parkingTopic(ServiceName.resolve(properties, environment)))
			.partitions(1)
			.compact()
			.build();
	}

}
