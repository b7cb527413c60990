package io.eventwire.autoconfigure;

import java.util.Map;

import io.eventwire.autoconfigure.consume.EventConsumerAutoConfiguration;
import io.eventwire.autoconfigure.dlq.DeadLetterAutoConfiguration;
import io.eventwire.autoconfigure.publish.EventPublisherAutoConfiguration;
import io.eventwire.dlq.KafkaDeadLetters;
import io.eventwire.publish.EventProducer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SASL/SSL settings given through {@code spring.kafka.*} reach every Kafka client eventwire creates:
 * the producer (publisher, outbox relay and dead-letter publisher share it), the listener
 * containers' consumers, and the dead-letter reader.
 */
class KafkaSecurityPropagationTests {

	private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
			+ "username=\"svc\" password=\"secret\";";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				EventPublisherAutoConfiguration.class, EventConsumerAutoConfiguration.class,
				DeadLetterAutoConfiguration.class))
		.withUserConfiguration(OneTranslator.class)
		.withPropertyValues("spring.application.name=secure", "spring.kafka.bootstrap-servers=localhost:9",
				"spring.kafka.admin.auto-create=false", "spring.kafka.security.protocol=SASL_SSL",
				"spring.kafka.properties.sasl.mechanism=PLAIN", "spring.kafka.properties.sasl.jaas.config=" + JAAS,
				"spring.kafka.ssl.trust-store-type=PKCS12");

	@Test
	void everyClientGetsTheSecuritySettings() {
		this.runner.run((context) -> {
			assertSecure(context.getBean(EventProducer.class).kafkaTemplate().getProducerFactory().getConfigurationProperties());
			ConcurrentKafkaListenerContainerFactory<?, ?> containers = context.getBean("eventwireListenerContainerFactory",
					ConcurrentKafkaListenerContainerFactory.class);
			assertSecure(containers.getConsumerFactory().getConfigurationProperties());
			ConsumerFactory<?, ?> deadLetterReader = (ConsumerFactory<?, ?>) ReflectionTestUtils
				.getField(context.getBean(KafkaDeadLetters.class), "consumerFactory");
			assertSecure(deadLetterReader.getConfigurationProperties());
		});
	}

	private static void assertSecure(Map<String, Object> configs) {
		assertThat(configs).containsEntry("security.protocol", "SASL_SSL")
			.containsEntry("sasl.mechanism", "PLAIN")
			.containsEntry("sasl.jaas.config", JAAS)
			.containsEntry("ssl.truststore.type", "PKCS12");
	}

}
