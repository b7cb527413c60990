package io.eventwire.autoconfigure.publish;

import java.util.Map;

import io.eventwire.EventPublisher;
import io.eventwire.autoconfigure.EventObservations;
import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.observation.EventTemplateObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.eventwire.autoconfigure.KafkaClientConfigs;
import io.eventwire.publish.EventProducer;
import io.eventwire.contract.PublishedEventDeclarations;
import io.eventwire.publish.EventRecordFactory;
import io.eventwire.publish.KafkaEventPublisher;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of the {@link EventPublisher}.
 * <p>
 * The publisher's producer takes every {@code spring.kafka} setting of Boot's producer factory
 * and fixes what the wire format needs: string keys, JSON bytes as values, {@code acks=all} and
 * idempotence. It is never transactional, and it is not exposed as a {@code KafkaTemplate} bean, so
 * the application's own {@code KafkaTemplate} is untouched.
 */
@AutoConfiguration(after = { KafkaAutoConfiguration.class, JacksonAutoConfiguration.class })
@ConditionalOnClass({ KafkaTemplate.class, KafkaProperties.class })
@ConditionalOnBooleanProperty(name = "eventwire.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EventwireProperties.class)
public final class EventPublisherAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EventRecordFactory eventRecordFactory(EventwireProperties properties, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<PublishedEventDeclarations> declarations) {
		return new EventRecordFactory(jsonMapper.getIfAvailable(JsonMapper::new),
				properties.correlation().generateIfMissing(), declarations.getIfUnique());
	}

	// Read once all singletons exist, so that contradicting declarations fail the startup.
	@Bean
	@ConditionalOnMissingBean
	PublishedEventDeclarations publishedEventDeclarations(ConfigurableListableBeanFactory beanFactory,
			Environment environment, EventwireProperties properties) {
		return new PublishedEventDeclarations(beanFactory, environment, properties.contracts().undeclared());
	}

	@Bean
	@ConditionalOnMissingBean
	EventProducer eventProducer(ObjectProvider<ProducerFactory<Object, Object>> bootProducerFactory,
			KafkaProperties kafkaProperties, ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers,
			EventwireProperties properties, ObjectProvider<ObservationRegistry> observationRegistry) {
		ProducerFactory<Object, Object> boot = bootProducerFactory.getIfUnique();
		Map<String, Object> configs = KafkaClientConfigs.copyOf((boot != null) ? boot::getConfigurationProperties : null,
				kafkaProperties::buildProducerProperties);
		configs.put(ProducerConfig.ACKS_CONFIG, "all");
		configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		configs.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		DefaultKafkaProducerFactory<String, byte[]> producerFactory = new DefaultKafkaProducerFactory<>(configs);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(producerFactory));
		producerFactory.setKeySerializer(new StringSerializer());
		producerFactory.setValueSerializer(new ByteArraySerializer());
		KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(producerFactory);
		template.setBeanName("eventwireProducer");
		ObservationRegistry registry = EventObservations.registry(properties, observationRegistry);
		if (registry != null) {
			// Set here: the template is not a bean, so it would not look the registry up itself.
			template.setObservationEnabled(true);
			template.setObservationRegistry(registry);
			template.setObservationConvention(new EventTemplateObservationConvention());
		}
		return new EventProducer(template);
	}

	@Bean
	@ConditionalOnMissingBean(EventPublisher.class)
	KafkaEventPublisher eventPublisher(EventProducer eventProducer, EventRecordFactory recordFactory) {
		return new KafkaEventPublisher(eventProducer, recordFactory);
	}

}
