package io.eventwire.consume;

import io.eventwire.NonRetryableEventException;

/**
 * A payload bound, but failed bean validation. Retrying cannot help, so the event goes to the
 * dead-letter topic at once.
 */
public class EventValidationException extends NonRetryableEventException {

	/**
	 * @param message which constraints were violated
	 */
	public EventValidationException(String message) {
		super(message);
	}

}
