package io.eventwire.autoconfigure.contract;

import io.eventwire.contract.EventContractCatalog;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code asyncapi} actuator endpoint.
 */
@AutoConfiguration(after = EventContractsAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(EventContractCatalog.class)
@ConditionalOnAvailableEndpoint(AsyncApiEndpoint.class)
public final class AsyncApiEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AsyncApiEndpoint asyncApiEndpoint(EventContractCatalog catalog) {
		return new AsyncApiEndpoint(catalog);
	}

}
