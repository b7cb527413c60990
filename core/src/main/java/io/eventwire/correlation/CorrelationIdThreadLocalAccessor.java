package io.eventwire.correlation;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Lets Micrometer's context propagation carry the correlation id to other threads: {@code @Async}
 * methods and executors decorated with Spring's {@code ContextPropagatingTaskDecorator}, and
 * Reactor with automatic context propagation. Registered through
 * {@code META-INF/services/io.micrometer.context.ThreadLocalAccessor}.
 */
public class CorrelationIdThreadLocalAccessor implements ThreadLocalAccessor<String> {

	/** The key of the correlation id in a propagated context. */
	public static final String KEY = "eventwire.correlationId";

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable String getValue() {
		return CorrelationId.current().orElse(null);
	}

	@Override
	public void setValue(String value) {
		// A propagated value came from CorrelationId itself; an invalid one is never made current.
		if (CorrelationId.isValid(value)) {
			CorrelationId.set(value);
		}
	}

	@Override
	public void setValue() {
		CorrelationId.set(null);
	}

}
