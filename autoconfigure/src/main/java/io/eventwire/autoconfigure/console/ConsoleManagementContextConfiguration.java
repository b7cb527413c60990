package io.eventwire.autoconfigure.console;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The console's protection against cross-site writes, in the context that serves the actuator
 * endpoints: the application's own, or the management server's when it has a port of its own.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty("eventwire.console.enabled")
@ConditionalOnBean(EventwireConsoleEndpoint.class)
class ConsoleManagementContextConfiguration {

	@Bean
	FilterRegistrationBean<CrossSiteWriteFilter> eventwireConsoleCrossSiteWriteFilter(WebEndpointProperties web,
			Environment environment) {
		String root = environment.getProperty("management.endpoints.web.path-mapping."
				+ ConsoleAutoConfiguration.ENDPOINT_ID, ConsoleAutoConfiguration.ENDPOINT_ID);
		String base = web.getBasePath().endsWith("/") ? web.getBasePath() : web.getBasePath() + "/";
		FilterRegistrationBean<CrossSiteWriteFilter> registration = new FilterRegistrationBean<>(new CrossSiteWriteFilter());
		registration.addUrlPatterns(base + root, base + root + "/*");
		// Before Spring Security's filter chain: a forged write is refused whoever is signed in.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

}
