package io.eventwire.correlation;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
		String correlationId = IncomingCorrelationId.resolve(request.getHeader(this.headerName), this.headerName,
				request.getMethod(), request.getRequestURI());
		// Set before the chain runs, so the header is there even when the response is committed early.
		response.setHeader(this.headerName, correlationId);
		try (CorrelationId.Scope scope = CorrelationId.open(correlationId)) {
			chain.doFilter(request, response);
		}
	}

}
