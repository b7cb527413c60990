package io.eventwire.autoconfigure.consume;

import java.time.Clock;
import java.time.Duration;

import io.eventwire.autoconfigure.CompactedTopics;
import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.autoconfigure.ServiceName;
import io.eventwire.keyorder.KeyOrder;
import io.eventwire.keyorder.KeyOrders;
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
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaAdmin;

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
	ParkingLog eventwireParkingLog(
			@Qualifier("eventwireListenerContainerFactory") ObjectProvider<ConcurrentKafkaListenerContainerFactory<String, byte[]>> containerFactory,
			EventProducer producer, EventwireProperties properties, Environment environment, ParkedKeys keys) {
		String topic = ServiceName.parkingTopic(ServiceName.resolve(properties, environment));
		// Resolved when the reader starts: the container factory's error handler needs key order.
		// The factory was built for String keys and byte[] values; its getter widens the generics.
		return new ParkingLog(CompactedTopics.readers(containerFactory, "eventwire-parking"), producer.kafkaTemplate(),
				topic, keys, TIMEOUT);
	}

	@Bean
	@ConditionalOnMissingBean
	KeyOrder eventwireKeyOrder(ParkingLog log, EventProducer producer, EventwireProperties properties,
			Environment environment) {
		return new KeyOrder(log, producer.kafkaTemplate(),
				ServiceName.retryTopic(ServiceName.resolve(properties, environment)), Clock.systemUTC(), TIMEOUT);
	}

	/**
	 * Every group's key order: the service group's beans, and for a translator's own group a parking
	 * topic {@code parked-<group>} (created here unless {@code spring.kafka.admin.auto-create} is false),
	 * its parked-key gauges, and its parking log, created when the group's consumer is.
	 */
	@Bean
	@ConditionalOnMissingBean
	KeyOrders eventwireKeyOrders(KeyOrder keyOrder, EventwireProperties properties, Environment environment,
			@Qualifier("eventwireListenerContainerFactory") ObjectProvider<ConcurrentKafkaListenerContainerFactory<String, byte[]>> containerFactory,
			EventProducer producer, EventMetrics metrics, ObjectProvider<KafkaAdmin> kafkaAdmin,
			KafkaProperties kafkaProperties) {
		String serviceName = ServiceName.resolve(properties, environment);
		String retryTopic = ServiceName.retryTopic(serviceName);
		return new KeyOrders(serviceName, keyOrder, (group) -> {
			String topic = KeyOrders.parkingTopic(group);
			KafkaAdmin admin = kafkaAdmin.getIfUnique();
			if (admin != null && kafkaProperties.getAdmin().isAutoCreate()) {
				ParkingTopics.create(admin, topic);
			}
			ParkedKeys keys = new ParkedKeys();
			metrics.parkedKeys(keys, group);
			ParkingLog log = new ParkingLog(CompactedTopics.readers(containerFactory, "eventwire-parking"),
					producer.kafkaTemplate(), topic, keys, TIMEOUT);
			return new KeyOrder(log, producer.kafkaTemplate(), retryTopic, Clock.systemUTC(), TIMEOUT, group);
		});
	}

	@Bean
	@ConditionalOnMissingBean(name = "eventwireParkingTopic")
	NewTopic eventwireParkingTopic(EventwireProperties properties, Environment environment) {
		return CompactedTopics.topic(ServiceName.parkingTopic(ServiceName.resolve(properties, environment)));
	}

}
