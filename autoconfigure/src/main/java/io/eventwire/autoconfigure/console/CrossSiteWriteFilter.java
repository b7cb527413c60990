package io.eventwire.autoconfigure.console;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses the console's writes that a browser sends from another site: a page elsewhere must not be
 * able to make an operator's browser replay or discard. Browsers say where a request comes from
 * ({@code Sec-Fetch-Site}, or in older ones {@code Origin}); a write whose origin is not the
 * console's own is answered 403. Requests that carry neither do not come from a page (curl, a
 * script) and cannot be forged across sites. This is the check of Go's
 * {@code http.CrossOriginProtection}, and needs no token, so it holds with several instances
 * behind one address. With Spring Security, its own CSRF protection applies as well.
 */
final class CrossSiteWriteFilter extends OncePerRequestFilter {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (SAFE_METHODS.contains(request.getMethod()) || fromThisSite(request)) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		response.setContentType("application/json");
		response.getWriter()
			.write("{\"status\":403,\"error\":\"Refused: a write to the eventwire console from another site. "
					+ "Use the console's own page, or a client that is not a browser.\"}");
	}

	static boolean fromThisSite(HttpServletRequest request) {
		String site = request.getHeader("Sec-Fetch-Site");
		if (site != null) {
			return "same-origin".equals(site) || "none".equals(site);
		}
		String origin = request.getHeader("Origin");
		if (origin == null) {
			return true;
		}
		try {
			URI from = URI.create(origin);
			String host = request.getHeader("Host");
			return host != null && host.equalsIgnoreCase(from.getAuthority());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
