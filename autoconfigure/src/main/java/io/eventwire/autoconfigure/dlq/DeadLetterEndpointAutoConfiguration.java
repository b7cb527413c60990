package io.eventwire.autoconfigure.dlq;

import io.eventwire.dlq.DeadLetters;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code eventwireDlq} actuator endpoint.
 */
@AutoConfiguration(after = DeadLetterAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(DeadLetters.class)
@ConditionalOnAvailableEndpoint(DeadLetterEndpoint.class)
public final class DeadLetterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DeadLetterEndpoint deadLetterEndpoint(DeadLetters deadLetters) {
		return new DeadLetterEndpoint(deadLetters);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DeadLetterEndpoint.class)
	@ConditionalOnAvailableEndpoint(endpoint = DeadLetterEndpoint.class, exposure = EndpointExposure.WEB)
	DeadLetterEndpointWebExtension deadLetterEndpointWebExtension(DeadLetterEndpoint endpoint) {
		return new DeadLetterEndpointWebExtension(endpoint);
	}

}
