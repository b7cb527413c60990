package io.eventwire.outbox;

import org.springframework.transaction.IllegalTransactionStateException;

/**
 * Thrown by {@link EventOutbox#publish} outside a MongoDB transaction when
 * {@code eventwire.outbox.require-transaction} is on: the event would not be written atomically with
 * the business change.
 */
public class OutboxTransactionRequiredException extends IllegalTransactionStateException {

	/**
	 * @param message what was published, and what to do
	 */
	public OutboxTransactionRequiredException(String message) {
		super(message);
	}

}
