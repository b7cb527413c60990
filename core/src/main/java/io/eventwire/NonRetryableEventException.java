package io.eventwire;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a handler (or by eventwire itself) when an event can never be handled successfully,
 * however often it is tried: the event goes to the dead-letter topic at once, without retries.
 */
public class NonRetryableEventException extends RuntimeException {

	/**
	 * @param message why the event cannot be handled
	 */
	public NonRetryableEventException(String message) {
		super(message);
	}

	/**
	 * @param message why the event cannot be handled
	 * @param cause the underlying failure
	 */
	public NonRetryableEventException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
