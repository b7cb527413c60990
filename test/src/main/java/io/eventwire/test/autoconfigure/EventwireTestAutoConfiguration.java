package io.eventwire.test.autoconfigure;

import io.eventwire.EventUpcaster;
import io.eventwire.consume.DirectDispatcher;
import io.eventwire.consume.EventListenerContainers;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.dlq.FailureClassifier;
import io.eventwire.test.AutoConfigureEventwire;
import io.eventwire.test.EventRecorder;
import io.eventwire.test.EventScenario;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The beans an eventwire test works with: an {@link EventRecorder} on the application's broker with
 * the application's JSON mapper, an {@link EventScenario} on it, and a {@link DirectDispatcher} to the
 * application's translators. Imported by {@link AutoConfigureEventwire}.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class,
		afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
				"io.eventwire.autoconfigure.consume.EventConsumerAutoConfiguration" })
public class EventwireTestAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(KafkaConnectionDetails.class)
	EventRecorder eventRecorder(KafkaConnectionDetails kafka, ObjectProvider<JsonMapper> jsonMapper) {
		return new EventRecorder(String.join(",", kafka.getBootstrapServers()),
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(EventRecorder.class)
	EventScenario eventScenario(EventRecorder eventRecorder, ObjectProvider<DeadLetters> deadLetters) {
		return new EventScenario(eventRecorder, deadLetters.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ EventListenerContainers.class, FailureClassifier.class })
	DirectDispatcher eventwireDirectDispatcher(EventListenerContainers containers,
			ObjectProvider<EventUpcaster> upcasters, ObjectProvider<JsonMapper> jsonMapper, FailureClassifier failures) {
		return DirectDispatcher.of(containers, upcasters.orderedStream().toList(),
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()), failures);
	}

}
