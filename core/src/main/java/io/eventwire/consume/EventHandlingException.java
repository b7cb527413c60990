package io.eventwire.consume;

/**
 * Wraps a checked exception thrown by an {@link io.eventwire.OnEvent @OnEvent} method.
 */
public class EventHandlingException extends RuntimeException {

	/**
	 * @param message which handler failed
	 * @param cause the handler's exception
	 */
	public EventHandlingException(String message, Throwable cause) {
		super(message, cause);
	}

}
