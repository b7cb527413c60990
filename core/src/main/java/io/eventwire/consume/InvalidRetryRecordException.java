package io.eventwire.consume;

import io.eventwire.NonRetryableEventException;

/**
 * A record on the service's retry topic does not say which topic it originally came from (or names
 * the retry topic itself), so no handler can be chosen. It goes to the dead-letter topic at once.
 */
public class InvalidRetryRecordException extends NonRetryableEventException {

	/**
	 * @param message what is wrong with the record
	 */
	public InvalidRetryRecordException(String message) {
		super(message);
	}

}
