package io.eventwire.dlq;

/**
 * The dead letter cannot be replayed or discarded yet: an earlier dead letter must go first, or
 * the event is parked behind a dead letter rather than one itself. The message says which. The
 * endpoint answers 409.
 */
public class DeadLetterConflictException extends IllegalStateException {

	/**
	 * @param message why not, and what to do first
	 */
	public DeadLetterConflictException(String message) {
		super(message);
	}

}
