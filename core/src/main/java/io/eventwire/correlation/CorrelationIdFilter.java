package io.eventwire.correlation;

import java.io.IOException;

import io.eventwire.internal.LogSafe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes a correlation id current for each HTTP request: the one in the request's correlation header
 * when it is a valid UUID v4, else a new one. The id is echoed in the response header, so callers
 * can quote it, and it is in the logging MDC while the request is handled.
 * <p>
 * An invalid value (not a UUID v4: too long, control characters, anything else) is never put into
 * the MDC or logged raw: a new id is used and the rejection logged with the value escaped and
 * truncated.
 */
public class CorrelationIdFilter extends OncePerRequestFilter {

	/** The header read and written by default. */
	public static final String DEFAULT_HEADER = "X-Correlation-ID";

	private static final Logger logger = LoggerFactory.getLogger(CorrelationIdFilter.class);

	private final String headerName;

	/**
	 * @param headerName the request and response header that carries the correlation id
	 */
	public CorrelationIdFilter(String headerName) {
		Assert.hasText(headerName, "headerName must not be blank");
		this.headerName = headerName;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String given = request.getHeader(this.headerName);
		String correlationId;
		if (CorrelationId.isValid(given)) {
			correlationId = given;
		}
		else {
			correlationId = CorrelationId.generate();
			if (given != null) {
				logger.warn("Rejected the {} header '{}' of {} {}: not a UUID v4; using {} instead", this.headerName,
						LogSafe.escape(given), request.getMethod(), LogSafe.escape(request.getRequestURI()),
						correlationId);
			}
		}
		// Set before the chain runs, so the header is there even when the response is committed early.
		response.setHeader(this.headerName, correlationId);
		try (CorrelationId.Scope scope = CorrelationId.open(correlationId)) {
			chain.doFilter(request, response);
		}
	}

}
