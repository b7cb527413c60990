package io.eventwire.correlation;

import org.springframework.core.Ordered;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The WebFlux counterpart of {@link CorrelationIdFilter}: each request runs with the correlation id
 * of its header when that is a valid UUID v4, else a new one, echoed in the response header.
 * <p>
 * The id travels in the Reactor context under {@link CorrelationIdThreadLocalAccessor#KEY}; with
 * Reactor's automatic context propagation ({@code spring.reactor.context-propagation=auto}, which
 * eventwire makes the default) it is current, and in the logging MDC, in every operator of the
 * request, and publishing from there uses it.
 */
public class CorrelationIdWebFilter implements WebFilter, Ordered {

	private final String headerName;

	private final int order;

	/**
	 * @param headerName the request and response header that carries the correlation id
	 * @param order the filter's order; early, so that everything after it logs with the id
	 */
	public CorrelationIdWebFilter(String headerName, int order) {
		Assert.hasText(headerName, "headerName must not be blank");
		this.headerName = headerName;
		this.order = order;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String correlationId = IncomingCorrelationId.resolve(
				exchange.getRequest().getHeaders().getFirst(this.headerName), this.headerName,
				exchange.getRequest().getMethod().name(), exchange.getRequest().getPath().value());
		exchange.getResponse().getHeaders().set(this.headerName, correlationId);
		return chain.filter(exchange).contextWrite((context) -> context.put(CorrelationIdThreadLocalAccessor.KEY, correlationId));
	}

	@Override
	public int getOrder() {
		return this.order;
	}

}
