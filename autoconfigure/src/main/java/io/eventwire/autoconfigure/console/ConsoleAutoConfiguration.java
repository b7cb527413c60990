package io.eventwire.autoconfigure.console;

import java.util.function.Supplier;

import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.autoconfigure.KafkaAdmins;
import io.eventwire.autoconfigure.ServiceName;
import io.eventwire.autoconfigure.consume.EventConsumerAutoConfiguration;
import io.eventwire.autoconfigure.dlq.DeadLetterAutoConfiguration;
import io.eventwire.autoconfigure.outbox.OutboxAutoConfiguration;
import io.eventwire.consume.EventConsumers;
import io.eventwire.consume.EventListenerContainers;
import io.eventwire.consume.PayloadValidator;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.keyorder.KeyOrders;
import io.eventwire.outbox.OutboxOperations;
import io.eventwire.retry.ConsumerGroupStates;
import io.eventwire.rewind.RewindProgress;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of the operator's console, the {@code eventwireConsole} web endpoint: only
 * with {@code eventwire.console.enabled=true} in a servlet web application (its protection against
 * cross-site writes is a servlet filter), and like every endpoint only where it is exposed
 * ({@code management.endpoints.web.exposure.include}); a console enabled but not exposed is said
 * at startup, in a WARN.
 */
@AutoConfiguration(after = { EventConsumerAutoConfiguration.class, DeadLetterAutoConfiguration.class,
		OutboxAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty("eventwire.console.enabled")
@EnableConfigurationProperties({ ConsoleProperties.class, EventwireProperties.class })
public final class ConsoleAutoConfiguration {

	static final String ENDPOINT_ID = "eventwireConsole";

	@Bean
	static SmartInitializingSingleton eventwireConsoleExposureCheck(ObjectProvider<EventwireConsoleEndpoint> endpoint) {
		return () -> {
			if (endpoint.getIfAvailable() == null) {
				LoggerFactory.getLogger(ConsoleAutoConfiguration.class)
					.warn("eventwire.console.enabled is true, but the eventwireConsole endpoint is not exposed over HTTP: "
							+ "add eventwireConsole to management.endpoints.web.exposure.include to serve the console");
			}
		};
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(EventwireConsoleEndpoint.class)
	EventwireConsoleEndpoint eventwireConsoleEndpoint(ConsoleProperties console, EventwireProperties properties,
			Environment environment, ObjectProvider<DeadLetters> deadLetters, ObjectProvider<KeyOrders> keyOrders,
			ObjectProvider<EventConsumers> consumers, ObjectProvider<ConsumerGroupStates> states,
			ObjectProvider<EventListenerContainers> containers, ObjectProvider<RewindProgress> rewinds,
			ObjectProvider<OutboxOperations> outbox, ObjectProvider<KafkaAdmin> kafkaAdmin,
			ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<PayloadValidator> validator,
			ObjectProvider<EndpointAccessResolver> access, ApplicationEventPublisher events) {
		PayloadMasking masking = new PayloadMasking(console.payloads());
		DeadLetters letters = deadLetters.getIfUnique();
		EventConsumers groups = consumers.getIfUnique();
		Supplier<Admin> admins = KafkaAdmins.clients(kafkaAdmin);
		ConsoleReads reads = new ConsoleReads(ServiceName.resolve(properties, environment), masking,
				(letters != null) ? new DeadLetterViews(letters, keyOrders.getIfUnique(), masking) : null,
				(groups != null) ? new ConsumerViews(groups, states.getIfUnique(), new ConsumerLag(admins),
						rewinds.getIfUnique() != null) : null,
				outbox.getIfUnique());
		EventListenerContainers handlers = containers.getIfUnique();
		CorrectedPayloads corrections = new CorrectedPayloads(
				() -> (handlers != null) ? handlers.getRegistry().handledEvents() : java.util.List.of(),
				jsonMapper.getIfAvailable(JsonMapper::new), validator.getIfUnique());
		ConsoleActions actions = new ConsoleActions(letters, groups, outbox.getIfUnique(), corrections, masking, events);
		String rootPath = environment.getProperty("management.endpoints.web.path-mapping." + ENDPOINT_ID, ENDPOINT_ID);
		return new EventwireConsoleEndpoint(reads, actions, new ConsoleAssets(rootPath), () -> {
			EndpointAccessResolver resolver = access.getIfAvailable();
			return resolver != null && resolver.accessFor(EndpointId.of(ENDPOINT_ID), Access.READ_ONLY) == Access.UNRESTRICTED;
		});
	}

}
