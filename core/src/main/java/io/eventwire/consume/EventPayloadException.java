package io.eventwire.consume;

import io.eventwire.NonRetryableEventException;
import org.jspecify.annotations.Nullable;

/**
 * The value of a record is not JSON, or does not bind to the handler's payload type. Retrying
 * cannot help, so the event goes to the dead-letter topic at once.
 */
public class EventPayloadException extends NonRetryableEventException {

	/**
	 * @param message what is wrong with the payload
	 * @param cause the parser's or binder's exception
	 */
	public EventPayloadException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
