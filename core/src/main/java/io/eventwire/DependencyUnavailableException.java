package io.eventwire;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a handler (or by eventwire itself) when something the handling depends on is not
 * there: a database, a downstream service. The event is never dead-lettered for it; its partition
 * waits and the event is tried again, with the retry backoff, until the dependency is back.
 * <p>
 * Throw it for failures your code recognises as outages that eventwire does not: a client
 * library's own "unavailable" error, say. Connection, socket and timeout failures of MongoDB, Kafka
 * and {@code java.net}, and HTTP 503 and 504 answers to Spring's HTTP clients, are recognised
 * without it (see {@code docs/retries-and-dlq.md}).
 */
public class DependencyUnavailableException extends RuntimeException {

	/**
	 * @param message what is unavailable
	 */
	public DependencyUnavailableException(String message) {
		super(message);
	}

	/**
	 * @param message what is unavailable
	 * @param cause the underlying failure
	 */
	public DependencyUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
