package io.eventwire.autoconfigure.consume;

import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.observation.EventListenerObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

/**
 * Applies Spring Boot's {@code spring.kafka.listener} settings and eventwire's own to a container
 * factory for translators. A user who builds their own {@code eventwireListenerContainerFactory}
 * calls {@link #configure} to keep those settings.
 */
public class EventListenerContainerFactoryConfigurer {

	private final @Nullable ConcurrentKafkaListenerContainerFactoryConfigurer bootConfigurer;

	private final EventwireProperties.Consumer properties;

	private final CommonErrorHandler errorHandler;

	private final @Nullable ObservationRegistry observationRegistry;

	/**
	 * @param bootConfigurer Boot's configurer for {@code @KafkaListener} factories, if any
	 * @param properties eventwire's consumer properties
	 * @param errorHandler retries failed events and hands them to the dead-letter queue
	 * @param observationRegistry observes the containers (traces continue into handlers), or
	 * {@code null} to leave {@code spring.kafka.listener.observation-enabled} in charge
	 */
	public EventListenerContainerFactoryConfigurer(
			@Nullable ConcurrentKafkaListenerContainerFactoryConfigurer bootConfigurer,
			EventwireProperties.Consumer properties, CommonErrorHandler errorHandler,
			@Nullable ObservationRegistry observationRegistry) {
		this.bootConfigurer = bootConfigurer;
		this.properties = properties;
		this.errorHandler = errorHandler;
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Configure a factory.
	 * @param factory the factory
	 * @param consumerFactory the consumer factory, with string keys and byte-array values
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void configure(ConcurrentKafkaListenerContainerFactory<String, byte[]> factory,
			ConsumerFactory<String, byte[]> consumerFactory) {
		if (this.bootConfigurer != null) {
			this.bootConfigurer.configure((ConcurrentKafkaListenerContainerFactory) factory,
					(ConsumerFactory) consumerFactory);
		}
		else {
			factory.setConsumerFactory(consumerFactory);
		}
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

}
