package io.eventwire;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when an event could not be published: its payload could not be serialized, or the broker
 * did not acknowledge it.
 */
public class PublishException extends RuntimeException {

	private final String topic;

	private final String type;

	/**
	 * Create an exception for an event that could not be published.
	 * @param topic the event's topic
	 * @param type the event's type
	 * @param message what went wrong
	 * @param cause the underlying failure, if any
	 */
	public PublishException(String topic, String type, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.topic = topic;
		this.type = type;
	}

	/**
	 * @return the topic of the event that was not published
	 */
	public String getTopic() {
		return this.topic;
	}

	/**
	 * @return the type of the event that was not published
	 */
	public String getType() {
		return this.type;
	}

}
