package io.eventwire.rewind;

/**
 * Thrown when a rewind was aborted: an {@code @OnRewind} method failed, an instance did not stop in
 * time, or Kafka refused; no offset moved and the group continues where it was.
 */
public class RewindFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what failed
	 * @param cause the failure
	 */
	public RewindFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
