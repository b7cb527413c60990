package io.eventwire.consume;

import io.eventwire.NonRetryableEventException;

/**
 * A record's {@code type} header is not an event type: longer than
 * {@value io.eventwire.EventHeaders#MAX_TYPE_LENGTH} characters, not valid UTF-8, or with control characters.
 * Such a record is malformed rather than of a type nobody handles, so it goes to the dead-letter
 * topic at once instead of being skipped.
 */
public class InvalidEventTypeException extends NonRetryableEventException {

	/**
	 * @param message where the record came from and what is wrong with its type
	 */
	public InvalidEventTypeException(String message) {
		super(message);
	}

}
