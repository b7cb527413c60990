package io.eventwire.autoconfigure.contract;

import java.util.Map;

import io.eventwire.contract.AsyncApiWriter;
import io.eventwire.contract.EventContractCatalog;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnResource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Springwolf's UI over the service's contracts: with {@code io.github.springwolf:springwolf-ui} on
 * the class path (its static page at {@code /springwolf/asyncapi-ui.html}), eventwire answers the
 * two requests the page makes, {@code /springwolf/docs} with the AsyncAPI document that
 * {@code /actuator/asyncapi} serves, and {@code /springwolf/ui-config}. Springwolf's own scanners
 * (springwolf-core) are not needed, and when present they serve those paths themselves, so this
 * backs off; they cannot see what a service publishes through eventwire.
 */
@AutoConfiguration(after = EventContractsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnResource(resources = "classpath:META-INF/resources/springwolf/asyncapi-ui.html")
@ConditionalOnMissingClass("io.github.springwolf.core.asyncapi.AsyncApiService")
@ConditionalOnBean(EventContractCatalog.class)
@ConditionalOnBooleanProperty(name = "eventwire.contracts.springwolf-ui", matchIfMissing = true)
public final class SpringwolfUiAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "eventwireSpringwolfUiRoutes")
	RouterFunction<ServerResponse> eventwireSpringwolfUiRoutes(EventContractCatalog catalog) {
		AsyncApiWriter writer = new AsyncApiWriter();
		// Headers shown, Kafka bindings not: the document has none.
		Map<String, Object> uiConfig = Map.of("initialConfig", Map.of("showBindings", false, "showHeaders", true),
				"groups", new Object[0]);
		return RouterFunctions.route()
			.GET("/springwolf/docs",
					(request) -> ServerResponse.ok()
						.contentType(MediaType.APPLICATION_JSON)
						.body(writer.write(catalog.contracts())))
			.GET("/springwolf/ui-config",
					(request) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(uiConfig))
			.build();
	}

}
