package io.eventwire.autoconfigure.consume;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.eventwire.EventTranslator;
import io.eventwire.EventUpcaster;
import io.eventwire.consume.Rewinds;
import io.eventwire.rewind.RewindCoordination;
import io.eventwire.rewind.RewindProgress;
import io.eventwire.autoconfigure.EventObservations;
import io.eventwire.autoconfigure.EventwireProperties;
import io.micrometer.observation.ObservationRegistry;
import io.eventwire.autoconfigure.KafkaClientConfigs;
import io.eventwire.autoconfigure.MongoDbRequiredException;
import io.eventwire.autoconfigure.ServiceName;
import io.eventwire.autoconfigure.publish.EventPublisherAutoConfiguration;
import io.eventwire.consume.BeanValidationPayloadValidator;
import io.eventwire.consume.EventInbox;
import io.eventwire.consume.EventConsumers;
import io.eventwire.consume.EventListenerContainers;
import io.eventwire.consume.GroupPauses;
import io.eventwire.consume.ListenerContainerConsumers;
import io.eventwire.consume.PayloadValidator;
import io.eventwire.dlq.DeadLetterPublisher;
import io.eventwire.dlq.EventRetryListener;
import io.eventwire.dlq.FailureClassifier;
import io.eventwire.dlq.LoggingRecoverer;
import io.eventwire.keyorder.KeyOrders;
import io.eventwire.metrics.EventMetrics;
import io.eventwire.metrics.MicrometerEventMetrics;
import io.eventwire.parallel.KeyParallelism;
import io.eventwire.parallel.KeyedFailures;
import io.eventwire.retry.ConsumerGroupStates;
import io.eventwire.retry.EventBackOffs;
import io.eventwire.retry.EventErrorHandler;
import io.eventwire.retry.PartitionPausingBackOffHandler;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;
import org.apache.kafka.clients.admin.NewTopic;
import org.jspecify.annotations.Nullable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of translators: the listener containers that run every
 * {@link io.eventwire.EventTranslator @EventTranslator}, with retries and the dead-letter queue.
 * <p>
 * The consumers take every {@code spring.kafka} setting of Boot's consumer factory and fix what
 * eventwire needs: string keys, raw byte values (the handler's parameter type decides the binding),
 * no auto-commit, and {@code auto.offset.reset=earliest} unless set, so a new service does not
 * miss events published before its first start.
 * <p>
 * Failed handling is retried in place by spring-kafka's {@link DefaultErrorHandler} with an
 * exponential backoff; then a {@link DeadLetterPublisher} sends the event to the dead-letter topic
 * and the offset is committed. Failures that cannot succeed go there at once.
 * <p>
 * Only for applications that have translators: one that only publishes gets none of this.
 */
@AutoConfiguration(after = { KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
		EventPublisherAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration",
				"org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration" })
@ConditionalOnClass({ KafkaTemplate.class, KafkaProperties.class })
@ConditionalOnBooleanProperty(name = "eventwire.enabled", matchIfMissing = true)
// A publish-only application needs no consumers, no service name and no retry or dead-letter topics.
@ConditionalOnBean(annotation = EventTranslator.class)
@EnableConfigurationProperties(EventwireProperties.class)
@Import({ EventRetryConfiguration.class, KeyOrderConfiguration.class, InboxConfiguration.class,
		RewindConfiguration.class, PauseConfiguration.class })
public final class EventConsumerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EventListenerContainerFactoryConfigurer eventListenerContainerFactoryConfigurer(
			KafkaProperties kafkaProperties, EventwireProperties properties, FailureClassifier classifier, EventRetryListener retryListener,
			EventBackOffs backOffs, PartitionPausingBackOffHandler backOffHandler,
			ObjectProvider<DeadLetterPublisher> deadLetterPublisher, ObjectProvider<ObservationRegistry> observationRegistry) {
		ConsumerRecordRecoverer recoverer = recoverer(properties, deadLetterPublisher);
		// The default back-off never ends, so that the handler always asks the back-off function:
		// with max-retries 0 it would otherwise skip it, and dependency outages with it.
		DefaultErrorHandler errorHandler = new EventErrorHandler(recoverer, backOffs.untilItSucceeds(),
				backOffHandler, retryListener::takeRecoveryPause);
		errorHandler.setBackOffFunction(backOffs);
		errorHandler.setClassifications(classifier.nonRetryableExceptions()
			.stream()
			.collect(Collectors.toMap(Function.identity(), (type) -> false)), true);
		errorHandler.setRetryListeners(retryListener);
		errorHandler.setCommitRecovered(true);
		// eventwire logs failures itself, with the event's type and id.
		errorHandler.setLogLevel(KafkaException.Level.DEBUG);
		return new EventListenerContainerFactoryConfigurer(kafkaProperties.getListener(), properties.consumer(),
				errorHandler, EventObservations.registry(properties, observationRegistry));
	}

	@Bean
	@ConditionalOnMissingBean(name = "eventwireListenerContainerFactory")
	ConcurrentKafkaListenerContainerFactory<String, byte[]> eventwireListenerContainerFactory(
			EventListenerContainerFactoryConfigurer configurer, EventwireProperties properties,
			ObjectProvider<ConsumerFactory<Object, Object>> bootConsumerFactory, KafkaProperties kafkaProperties,
			ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers,
			ObjectProvider<EventListenerContainerFactoryCustomizer> factoryCustomizers) {
		ConsumerFactory<Object, Object> boot = bootConsumerFactory.getIfUnique();
		Map<String, Object> configs = KafkaClientConfigs.copyOf((boot != null) ? boot::getConfigurationProperties : null,
				kafkaProperties::buildConsumerProperties);
		configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		configs.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		RetryFetchWait.apply(configs, properties.retry().backoff());
		DefaultKafkaConsumerFactory<String, byte[]> consumerFactory = new DefaultKafkaConsumerFactory<>(configs);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(consumerFactory));
		consumerFactory.setKeyDeserializer(new StringDeserializer());
		consumerFactory.setValueDeserializer(new ByteArrayDeserializer());
		ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumerFactory);
		factoryCustomizers.orderedStream().forEach((customizer) -> customizer.customize(factory));
		return factory;
	}

	@Bean
	@ConditionalOnMissingBean
	EventListenerContainers eventListenerContainers(ApplicationContext applicationContext,
			ConcurrentKafkaListenerContainerFactory<String, byte[]> eventwireListenerContainerFactory,
			EventwireProperties properties, ObjectProvider<JsonMapper> jsonMapper, EventMetrics metrics,
			ObjectProvider<PayloadValidator> validator, ObjectProvider<EventInbox> inbox, ConsumerGroupStates states,
			ObjectProvider<KeyOrders> keyOrders, FailureClassifier classifier, EventBackOffs backOffs,
			EventRetryListener retryListener, ObjectProvider<DeadLetterPublisher> deadLetterPublisher,
			ObjectProvider<EventUpcaster> upcasters, ObjectProvider<RewindCoordination> rewinds) {
		EventInbox eventInbox = inbox.getIfUnique();
		if (properties.consumer().deduplication().enabled() && eventInbox == null) {
			throw new MongoDbRequiredException("The inbox", "eventwire.consumer.deduplication.enabled=true");
		}
		EventListenerContainers containers = new EventListenerContainers(applicationContext,
				eventwireListenerContainerFactory, ServiceName.resolve(properties, applicationContext.getEnvironment()),
				jsonMapper.getIfAvailable(JsonMapper::new), retryTopic(properties, applicationContext.getEnvironment()),
				metrics, validator.getIfUnique(), eventInbox, states, keyOrders.getIfUnique());
		containers.setAutoStartup(properties.consumer().autoStartup());
		containers.setUpcasters(upcasters.orderedStream().toList());
		rewinds.ifUnique((coordination) -> coordination.follow(containers));
		EventwireProperties.Consumer consumer = properties.consumer();
		containers.setKeyParallelism((groupId) -> new KeyParallelism(consumer.parallelism(groupId),
				Math.max(consumer.maxBufferedEvents(), consumer.parallelism(groupId)), consumer.drainTimeout()),
				new KeyedFailures(classifier, backOffs, retryListener, recoverer(properties, deadLetterPublisher)));
		return containers;
	}

	// Dead letters to the dead-letter topic, or only logged when it is off.
	private static ConsumerRecordRecoverer recoverer(EventwireProperties properties,
			ObjectProvider<DeadLetterPublisher> deadLetterPublisher) {
		return properties.dlq().enabled() ? deadLetterPublisher.getObject() : new LoggingRecoverer();
	}

	@Bean
	@ConditionalOnMissingBean
	EventConsumers eventConsumers(EventListenerContainers eventListenerContainers, ObjectProvider<Rewinds> rewinds,
			ObjectProvider<RewindProgress> progress, ObjectProvider<GroupPauses> pauses) {
		RewindProgress rewindProgress = progress.getIfUnique();
		return new ListenerContainerConsumers(eventListenerContainers, rewinds.getIfUnique(),
				(rewindProgress != null) ? rewindProgress::of : (groupId) -> null, pauses.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	EventMetrics noEventMetrics() {
		return EventMetrics.NONE;
	}

	@Bean
	@ConditionalOnMissingBean(name = "eventwireDeadLetterTopic")
	@ConditionalOnBooleanProperty(name = "eventwire.dlq.enabled", matchIfMissing = true)
	NewTopic eventwireDeadLetterTopic(EventwireProperties properties) {
		return TopicBuilder.name(properties.dlq().topic()).build();
	}

	@Bean
	@ConditionalOnMissingBean(name = "eventwireRetryTopic")
	@ConditionalOnBooleanProperty(name = "eventwire.dlq.enabled", matchIfMissing = true)
	NewTopic eventwireRetryTopic(EventwireProperties properties, Environment environment) {
		return TopicBuilder.name(ServiceName.retryTopic(ServiceName.resolve(properties, environment))).build();
	}

	/**
	 * The service's retry topic, or {@code null} when dead letters are off.
	 */
	static @Nullable String retryTopic(EventwireProperties properties, Environment environment) {
		return properties.dlq().enabled() ? ServiceName.retryTopic(ServiceName.resolve(properties, environment)) : null;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MicrometerMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(MeterRegistry.class)
		EventMetrics eventMetrics(MeterRegistry meterRegistry) {
			return new MicrometerEventMetrics(meterRegistry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Validator.class)
	static class BeanValidationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(Validator.class)
		PayloadValidator eventPayloadValidator(Validator validator) {
			return new BeanValidationPayloadValidator(validator);
		}

	}

}
