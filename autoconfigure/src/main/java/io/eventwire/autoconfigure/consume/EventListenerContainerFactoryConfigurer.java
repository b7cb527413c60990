package io.eventwire.autoconfigure.consume;

import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.observation.EventListenerObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import java.time.Duration;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

/**
 * Applies Spring Boot's {@code spring.kafka.listener} settings and eventwire's own to a container
 * factory for translators. A user who builds their own {@code eventwireListenerContainerFactory}
 * calls {@link #configure} to keep those settings.
 * <p>
 * Only the properties: the beans an application declares for its {@code @KafkaListener} containers
 * (record filter, interceptors, rebalance listener, error handler, Kafka transaction manager,
 * after-rollback processor, message converters, container customizers) are not applied, since they
 * would change how eventwire dispatches, retries and commits. To customize eventwire's containers,
 * declare an {@link EventListenerContainerFactoryCustomizer}.
 */
public class EventListenerContainerFactoryConfigurer {

	private final KafkaProperties.Listener listener;

	private final EventwireProperties.Consumer properties;

	private final CommonErrorHandler errorHandler;

	private final @Nullable ObservationRegistry observationRegistry;

	/**
	 * @param listener Boot's {@code spring.kafka.listener} properties
	 * @param properties eventwire's consumer properties
	 * @param errorHandler retries failed events and hands them to the dead-letter queue
	 * @param observationRegistry observes the containers (traces continue into handlers), or
	 * {@code null} to leave {@code spring.kafka.listener.observation-enabled} in charge
	 */
	public EventListenerContainerFactoryConfigurer(KafkaProperties.Listener listener,
			EventwireProperties.Consumer properties, CommonErrorHandler errorHandler,
			@Nullable ObservationRegistry observationRegistry) {
		this.listener = listener;
		this.properties = properties;
		this.errorHandler = errorHandler;
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Configure a factory.
	 * @param factory the factory
	 * @param consumerFactory the consumer factory, with string keys and byte-array values
	 */
	public void configure(ConcurrentKafkaListenerContainerFactory<String, byte[]> factory,
			ConsumerFactory<String, byte[]> consumerFactory) {
		factory.setConsumerFactory(consumerFactory);
		applyListenerProperties(factory, factory.getContainerProperties());
		// Translators receive one record at a time and never acknowledge by hand: the container
		// commits after the handler returned.
		factory.setBatchListener(false);
		AckMode ackMode = factory.getContainerProperties().getAckMode();
		if (ackMode == AckMode.MANUAL || ackMode == AckMode.MANUAL_IMMEDIATE) {
			factory.getContainerProperties().setAckMode(AckMode.BATCH);
		}
		factory.setConcurrency(this.properties.concurrency());
		factory.setCommonErrorHandler(this.errorHandler);
		if (this.observationRegistry != null) {
			ContainerProperties containerProperties = factory.getContainerProperties();
			containerProperties.setObservationEnabled(true);
			containerProperties.setObservationRegistry(this.observationRegistry);
			containerProperties.setObservationConvention(new EventListenerObservationConvention());
		}
	}

	// What Boot's configurer maps from spring.kafka.listener, but none of its beans.
	private void applyListenerProperties(ConcurrentKafkaListenerContainerFactory<String, byte[]> factory,
			ContainerProperties container) {
		PropertyMapper map = PropertyMapper.get();
		KafkaProperties.Listener listener = this.listener;
		map.from(listener::getAckMode).to(container::setAckMode);
		map.from(listener::getAsyncAcks).to(container::setAsyncAcks);
		map.from(listener::getClientId).to(container::setClientId);
		map.from(listener::getAckCount).to(container::setAckCount);
		map.from(listener::getAckTime).as(Duration::toMillis).to(container::setAckTime);
		map.from(listener::getPollTimeout).as(Duration::toMillis).to(container::setPollTimeout);
		map.from(listener::getNoPollThreshold).to(container::setNoPollThreshold);
		map.from(listener::getIdleBetweenPolls).as(Duration::toMillis).to(container::setIdleBetweenPolls);
		map.from(listener::getIdleEventInterval).as(Duration::toMillis).to(container::setIdleEventInterval);
		map.from(listener::getIdlePartitionEventInterval)
			.as(Duration::toMillis)
			.to(container::setIdlePartitionEventInterval);
		map.from(listener::getMonitorInterval).as((interval) -> (int) interval.getSeconds()).to(container::setMonitorInterval);
		map.from(listener::getLogContainerConfig).to(container::setLogContainerConfig);
		map.from(listener::isMissingTopicsFatal).to(container::setMissingTopicsFatal);
		map.from(listener::isImmediateStop).to(container::setStopImmediate);
		map.from(listener::getChangeConsumerThreadName).to(factory::setChangeConsumerThreadName);
		map.from(listener::isObservationEnabled).to(container::setObservationEnabled);
		map.from(listener::getAuthExceptionRetryInterval).to(container::setAuthExceptionRetryInterval);
	}

}
