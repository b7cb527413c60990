package io.eventwire.dlq;

import io.eventwire.consume.EventHandlingException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * Helpers for the exceptions the listener container reports.
 */
final class Failures {

	private Failures() {
	}

	/**
	 * @return what the handler (or the dispatcher) really threw, without the container's and
	 * eventwire's wrappers
	 */
	static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof ListenerExecutionFailedException || current instanceof EventHandlingException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
