package io.eventwire.dlq;

import java.util.NoSuchElementException;

/**
 * The service has no pending dead letter with the event id given: it never had one, or it was
 * replayed or discarded already. The endpoint answers 404.
 */
public class DeadLetterNotFoundException extends NoSuchElementException {

	/**
	 * @param message which event id, and whose dead letters were searched
	 */
	public DeadLetterNotFoundException(String message) {
		super(message);
	}

}
