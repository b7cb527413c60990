package io.eventwire.consume;

import io.eventwire.NonRetryableEventException;

/**
 * A record has no {@code type} header, or an empty one, so no handler can be chosen for it. It goes
 * to the dead-letter topic at once.
 */
public class MissingEventTypeException extends NonRetryableEventException {

	/**
	 * @param message where the record came from
	 */
	public MissingEventTypeException(String message) {
		super(message);
	}

}
