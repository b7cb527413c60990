package io.eventwire;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a handler (or by eventwire itself) when something the handling depends on is not
 * there: a database, a downstream service. The event is never dead-lettered for it; its partition
 * waits and the event is tried again, with the retry backoff, until the dependency is back.
 * <p>
 * Throw it for failures your code recognises as outages, such as an HTTP 503 from a downstream
 * service. Connection, socket and timeout failures of MongoDB, Kafka and {@code java.net} are
 * recognised without it (see {@code docs/retries-and-dlq.md}).
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
