package io.eventwire.contract;

/**
 * What happens when a service that declares what it publishes ({@link io.eventwire.PublishesEvent})
 * publishes a (topic, type) it did not declare.
 */
public enum UndeclaredEvents {

	/** Log a WARN once per (topic, type) and publish the event. */
	WARN,

	/** Refuse the event with a {@link io.eventwire.PublishException}. */
	FAIL,

	/** Publish the event silently. */
	IGNORE

}
