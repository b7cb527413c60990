package io.eventwire.autoconfigure.correlation;

import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.correlation.CorrelationIdFilter;
import io.eventwire.correlation.CorrelationIdWebFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.WebFilter;

/**
 * Auto-configuration of correlation ids at the HTTP edge: every request runs with a correlation id,
 * taken from its header or new, and echoed in the response. A servlet filter in servlet
 * applications, a {@link WebFilter} in WebFlux applications.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "eventwire.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EventwireProperties.class)
public final class CorrelationWebAutoConfiguration {

	// Early, so that everything after it, security and error handling included, logs with the id.
	private static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ OncePerRequestFilter.class, FilterRegistrationBean.class })
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "eventwireCorrelationIdFilter")
		FilterRegistrationBean<CorrelationIdFilter> eventwireCorrelationIdFilter(EventwireProperties properties) {
			FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(
					new CorrelationIdFilter(properties.correlation().httpHeader()));
			registration.setOrder(ORDER);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(WebFilter.class)
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CorrelationIdWebFilter eventwireCorrelationIdWebFilter(EventwireProperties properties) {
			return new CorrelationIdWebFilter(properties.correlation().httpHeader(), ORDER);
		}

	}

}
