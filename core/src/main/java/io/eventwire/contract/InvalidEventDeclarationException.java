package io.eventwire.contract;

/**
 * Thrown when {@link io.eventwire.PublishesEvent @PublishesEvent} declarations contradict each
 * other: one (topic, type) declared with two versions or two payload types.
 */
public class InvalidEventDeclarationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what is wrong, naming the declaring classes
	 */
	public InvalidEventDeclarationException(String message) {
		super(message);
	}

}
