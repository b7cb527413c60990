package io.eventwire.correlation;

import io.eventwire.internal.LogSafe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the correlation id of an incoming HTTP request, for the servlet and the WebFlux filter
 * alike: the given one when it is a valid UUID v4, else a new one, the rejected value logged only
 * escaped and truncated.
 */
final class IncomingCorrelationId {

	private static final Logger logger = LoggerFactory.getLogger(IncomingCorrelationId.class);

	private IncomingCorrelationId() {
	}

	static String resolve(@Nullable String given, String headerName, String method, String path) {
		if (CorrelationId.isValid(given)) {
			return given;
		}
		String correlationId = CorrelationId.generate();
		if (given != null) {
			logger.warn("Rejected the {} header '{}' of {} {}: not a UUID v4; using {} instead",
					LogSafe.escape(headerName), LogSafe.escape(given), LogSafe.escape(method), LogSafe.escape(path),
					correlationId);
		}
		return correlationId;
	}

}
