package io.eventwire.autoconfigure.correlation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.eventwire.correlation.CorrelationId;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Makes correlation ids visible and carried without user setup, as defaults that any setting of
 * the application overrides:
 * <ul>
 * <li>{@code logging.pattern.correlation} shows the id (and the trace and span ids when
 * micrometer-tracing is present) in Boot's default console and file log patterns;</li>
 * <li>{@code spring.task.execution.propagate-context=true}, so {@code @Async} methods and Boot's
 * task executor carry the id;</li>
 * <li>{@code spring.reactor.context-propagation=auto}, so Reactor operators carry it.</li>
 * </ul>
 * It also applies {@code eventwire.correlation.mdc-key}. Nothing is done when
 * {@code eventwire.enabled=false}.
 */
public class CorrelationEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "eventwireCorrelationDefaults";

	private static final String TRACER_CLASS = "io.micrometer.tracing.Tracer";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("eventwire.enabled", Boolean.class, true)) {
			return;
		}
		String mdcKey = environment.getProperty("eventwire.correlation.mdc-key", CorrelationId.DEFAULT_MDC_KEY);
		if (!mdcKey.isBlank()) {
			CorrelationId.useMdcKey(mdcKey);
		}
		ClassLoader classLoader = application.getClassLoader();
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("logging.pattern.correlation", correlationPattern(mdcKey,
				ClassUtils.isPresent(TRACER_CLASS, classLoader)));
		defaults.put("spring.task.execution.propagate-context", "true");
		defaults.put("spring.reactor.context-propagation", "auto");
		// Last: the application's own settings, wherever they come from, win.
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

	/**
	 * A pattern for Boot's {@code %correlationId} converter: {@code [id|trace|span] } when an id is
	 * current, aligned blanks when not, like Boot's own trace id pattern.
	 */
	static String correlationPattern(String mdcKey, boolean tracing) {
		String parts = mdcKey + "(36)" + (tracing ? ",traceId(32),spanId(16)" : "");
		return "%correlationId{" + parts + "}";
	}

	@Override
	public int getOrder() {
		// After the config data (application.yml) is loaded, so eventwire.* settings there are seen.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
