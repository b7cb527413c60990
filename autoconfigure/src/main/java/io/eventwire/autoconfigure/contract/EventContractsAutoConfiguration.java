package io.eventwire.autoconfigure.contract;

import java.util.List;

import io.eventwire.EventUpcaster;
import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.autoconfigure.ServiceName;
import io.eventwire.autoconfigure.consume.EventConsumerAutoConfiguration;
import io.eventwire.autoconfigure.publish.EventPublisherAutoConfiguration;
import io.eventwire.consume.EventListenerContainers;
import io.eventwire.contract.EventContractCatalog;
import io.eventwire.contract.PayloadSchemas;
import io.eventwire.contract.PublishedEventDeclarations;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the service's {@link EventContractCatalog}: what it publishes and handles,
 * with the payloads' JSON Schemas, built on first use.
 */
@AutoConfiguration(after = { EventPublisherAutoConfiguration.class, EventConsumerAutoConfiguration.class })
@ConditionalOnBean(PublishedEventDeclarations.class)
public final class EventContractsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PayloadSchemas payloadSchemas(ObjectProvider<JsonMapper> jsonMapper) {
		return new PayloadSchemas(jsonMapper.getIfAvailable(JsonMapper::new));
	}

	@Bean
	@ConditionalOnMissingBean
	EventContractCatalog eventContractCatalog(EventwireProperties properties, Environment environment,
			PayloadSchemas schemas, PublishedEventDeclarations declarations,
			ObjectProvider<EventListenerContainers> containers, ObjectProvider<EventUpcaster> upcasters) {
		String service = ServiceName.resolve(properties, environment);
		// Dead letters and replays exist where events are handled.
		boolean consumes = containers.getIfUnique() != null && properties.dlq().enabled();
		return new EventContractCatalog(service, schemas, declarations, () -> {
			EventListenerContainers listeners = containers.getIfUnique();
			return (listeners != null) ? listeners.getRegistry().handledEvents() : List.of();
		}, upcasters.orderedStream().toList(), consumes ? properties.dlq().topic() : null,
				consumes ? ServiceName.retryTopic(service) : null);
	}

}
