package io.eventwire.autoconfigure.correlation;

import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.correlation.CorrelationIdFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Auto-configuration of the {@link CorrelationIdFilter} in servlet web applications: every request
 * runs with a correlation id, taken from its header or new, and echoed in the response.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ OncePerRequestFilter.class, FilterRegistrationBean.class })
@ConditionalOnBooleanProperty(name = "eventwire.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EventwireProperties.class)
public final class CorrelationWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "eventwireCorrelationIdFilter")
	FilterRegistrationBean<CorrelationIdFilter> eventwireCorrelationIdFilter(EventwireProperties properties) {
		FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(
				new CorrelationIdFilter(properties.correlation().httpHeader()));
		// Early, so that everything after it, security and error handling included, logs with the id.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
		return registration;
	}

}
