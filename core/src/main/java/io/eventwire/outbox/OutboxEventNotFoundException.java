package io.eventwire.outbox;

/**
 * Thrown by {@link OutboxOperations} for an event that is not (or no longer) a failed one.
 */
public class OutboxEventNotFoundException extends RuntimeException {

	/**
	 * @param message which event, and why it was not found
	 */
	public OutboxEventNotFoundException(String message) {
		super(message);
	}

}
