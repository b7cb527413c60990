package io.eventwire.metrics;

import java.util.function.IntSupplier;

import io.eventwire.keyorder.ParkedKeys;
import io.eventwire.retry.ConsumerGroupState;
import org.jspecify.annotations.Nullable;

/**
 * Counts what happens to events, by topic and type. Implementations must keep the number of
 * distinct tags bounded: never tag by key or id, and tag only the event types the service handles
 * (the {@code type} header comes from outside).
 */
public interface EventMetrics {

	/** Counts nothing. */
	EventMetrics NONE = new EventMetrics() {
	};

	/**
	 * Declare an event type the service handles on a topic, so that it gets a tag of its own.
	 * @param topic the topic
	 * @param type the event type
	 */
	default void register(String topic, String type) {
	}

	/**
	 * A handler returned normally.
	 * @param topic the (original) topic
	 * @param type the event type
	 */
	default void consumed(String topic, String type) {
	}

	/**
	 * What counts the events of one registered topic and type whose handler returned normally:
	 * asked for once per handler, so that counting an event needs no look-up by its tags.
	 * @param topic the topic
	 * @param type the event type, {@link #register(String, String) registered} before
	 * @return the counter; by default it calls {@link #consumed(String, String)}
	 */
	default Runnable consumedCounter(String topic, String type) {
		return () -> consumed(topic, type);
	}

	/**
	 * An attempt to handle an event failed.
	 * @param topic the (original) topic
	 * @param type the event type, or {@code null} when the record has none
	 */
	default void failed(String topic, @Nullable String type) {
	}

	/**
	 * A failed event will be tried again.
	 * @param topic the (original) topic
	 * @param type the event type
	 */
	default void retried(String topic, String type) {
	}

	/**
	 * An event was published to the dead-letter topic.
	 * @param topic the (original) topic
	 * @param type the event type
	 */
	default void deadLettered(String topic, String type) {
	}

	/**
	 * A dead letter was replayed through the retry topic.
	 * @param topic the original topic
	 * @param type the event type
	 */
	default void replayed(String topic, String type) {
	}

	/**
	 * A consumer group's failure state, to be watched: whether it waits for a dependency, for how
	 * long in all, and its circuit breaker.
	 * @param state the group's state
	 */
	default void consumerGroup(ConsumerGroupState state) {
	}

	/**
	 * A consumer group handles the events of different keys side by side: what it holds now.
	 * @param groupId the consumer group
	 * @param inFlight the events being handled now, or waiting for their next attempt
	 * @param queued the events taken from Kafka and waiting for their key or a handler thread
	 */
	default void keyParallel(String groupId, IntSupplier inFlight, IntSupplier queued) {
	}

	/**
	 * The keys parked behind dead letters, to be watched: how many keys and events, and how long
	 * the oldest has waited.
	 * @param keys the parked keys
	 * @param groupId the consumer group whose keys they are
	 */
	default void parkedKeys(ParkedKeys keys, String groupId) {
	}

}
