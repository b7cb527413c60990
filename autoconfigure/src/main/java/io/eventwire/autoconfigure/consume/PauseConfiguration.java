package io.eventwire.autoconfigure.consume;

import java.time.Clock;
import java.time.Duration;

import io.eventwire.autoconfigure.CompactedTopics;
import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.autoconfigure.ServiceName;
import io.eventwire.consume.EventListenerContainers;
import io.eventwire.internal.InstanceName;
import io.eventwire.pause.SharedPauses;
import io.eventwire.publish.EventProducer;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pausing consumer groups on every instance: the pauses topic {@code pauses-<service>} (created here
 * unless {@code spring.kafka.admin.auto-create} is false), followed by every instance, behind
 * {@code EventConsumers.pause} and {@code resume}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(EventProducer.class)
class PauseConfiguration {

	// Writing a pause and reading it back.
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Bean
	@ConditionalOnMissingBean
	SharedPauses eventwireSharedPauses(
			@Qualifier("eventwireListenerContainerFactory") ObjectProvider<ConcurrentKafkaListenerContainerFactory<String, byte[]>> containerFactory,
			EventProducer producer, EventwireProperties properties, Environment environment,
			ObjectProvider<JsonMapper> jsonMapper, EventListenerContainers containers) {
		return new SharedPauses(CompactedTopics.readers(containerFactory, "eventwire-pauses"), producer.kafkaTemplate(),
				ServiceName.pausesTopic(ServiceName.resolve(properties, environment)),
				jsonMapper.getIfAvailable(JsonMapper::new), TIMEOUT, containers, InstanceName.current(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean(name = "eventwirePausesTopic")
	NewTopic eventwirePausesTopic(EventwireProperties properties, Environment environment) {
		// Whether each group is paused.
		return CompactedTopics.topic(ServiceName.pausesTopic(ServiceName.resolve(properties, environment)));
	}

}
