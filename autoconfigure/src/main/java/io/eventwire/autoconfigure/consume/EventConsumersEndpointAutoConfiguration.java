package io.eventwire.autoconfigure.consume;

import io.eventwire.consume.EventConsumers;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code eventwireConsumers} actuator endpoint.
 */
@AutoConfiguration(after = EventConsumerAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(EventConsumers.class)
@ConditionalOnAvailableEndpoint(EventConsumersEndpoint.class)
public final class EventConsumersEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EventConsumersEndpoint eventConsumersEndpoint(EventConsumers consumers) {
		return new EventConsumersEndpoint(consumers);
	}

}
