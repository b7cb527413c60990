package io.eventwire.autoconfigure.consume;

import java.util.Map;

import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.autoconfigure.KafkaClientConfigs;
import io.eventwire.autoconfigure.ServiceName;
import io.eventwire.consume.EventListenerContainers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of translators: the listener containers that run every
 * {@link io.eventwire.EventTranslator @EventTranslator}.
 * <p>
 * The consumers take every {@code spring.kafka} setting of Boot's consumer factory and fix what
 * eventwire needs: string keys, raw byte values (the handler's parameter type decides the binding),
 * no auto-commit, and {@code auto.offset.reset=earliest} unless set, so a new service does not
 * miss events published before its first start.
 */
@AutoConfiguration(after = { KafkaAutoConfiguration.class, JacksonAutoConfiguration.class })
@ConditionalOnClass({ KafkaTemplate.class, KafkaProperties.class })
@ConditionalOnBooleanProperty(name = "eventwire.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EventwireProperties.class)
public final class EventConsumerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EventListenerContainerFactoryConfigurer eventListenerContainerFactoryConfigurer(
			ObjectProvider<ConcurrentKafkaListenerContainerFactoryConfigurer> bootConfigurer,
			EventwireProperties properties) {
		return new EventListenerContainerFactoryConfigurer(bootConfigurer.getIfUnique(), properties.consumer());
	}

	@Bean
	@ConditionalOnMissingBean(name = "eventwireListenerContainerFactory")
	ConcurrentKafkaListenerContainerFactory<String, byte[]> eventwireListenerContainerFactory(
			EventListenerContainerFactoryConfigurer configurer,
			ObjectProvider<ConsumerFactory<Object, Object>> bootConsumerFactory, KafkaProperties kafkaProperties,
			ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers) {
		ConsumerFactory<Object, Object> boot = bootConsumerFactory.getIfUnique();
		Map<String, Object> configs = KafkaClientConfigs.copyOf((boot != null) ? boot::getConfigurationProperties : null,
				kafkaProperties::buildConsumerProperties);
		configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		configs.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		DefaultKafkaConsumerFactory<String, byte[]> consumerFactory = new DefaultKafkaConsumerFactory<>(configs);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(consumerFactory));
		consumerFactory.setKeyDeserializer(new StringDeserializer());
		consumerFactory.setValueDeserializer(new ByteArrayDeserializer());
		ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumerFactory);
		return factory;
	}

	@Bean
	@ConditionalOnMissingBean
	EventListenerContainers eventListenerContainers(ApplicationContext applicationContext,
			ConcurrentKafkaListenerContainerFactory<String, byte[]> eventwireListenerContainerFactory,
			EventwireProperties properties, ObjectProvider<JsonMapper> jsonMapper) {
		return new EventListenerContainers(applicationContext, eventwireListenerContainerFactory,
				ServiceName.resolve(properties, applicationContext.getEnvironment()),
				jsonMapper.getIfAvailable(JsonMapper::new));
	}

}
