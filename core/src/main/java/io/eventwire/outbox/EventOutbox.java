package io.eventwire.outbox;

import io.eventwire.OutgoingEvent;

/**
 * Stores events in MongoDB, together with the business change, for the {@link OutboxRelay} to
 * publish to Kafka. Nothing is lost when Kafka is down or the process dies after the write.
 * <p>
 * Inside a Spring transaction managed by a {@code MongoTransactionManager} the write joins the
 * transaction, so the business document and its event commit together (this needs a MongoDB replica
 * set). Outside one, the write is warned of once per call site, or refused with an
 * {@link OutboxTransactionRequiredException} when {@code eventwire.outbox.require-transaction} is on.
 * The relay is woken right after the write commits, so events go out without waiting for the next
 * poll. The payload is stored as the JSON the publisher writes, and relayed as those bytes.
 * <p>
 * The event keeps its event id and correlation id (the current one when stored) when the relay
 * publishes it, however much later.
 */
public interface EventOutbox {

	/**
	 * Store an event for publishing.
	 * @param topic the topic
	 * @param type the event type
	 * @param key the key; events with the same key are published in the order stored
	 * @param payload the payload, written as JSON
	 * @throws io.eventwire.PublishException if the payload cannot be written as JSON or no
	 * correlation id is available
	 * @throws org.springframework.dao.DataAccessException if MongoDB cannot store it
	 */
	default void publish(String topic, String type, String key, Object payload) {
		publish(OutgoingEvent.builder(topic, type, key, payload).build());
	}

	/**
	 * Store an event for publishing.
	 * @param event the event
	 * @throws io.eventwire.PublishException if the payload cannot be written as JSON or no
	 * correlation id is available
	 * @throws org.springframework.dao.DataAccessException if MongoDB cannot store it
	 */
	void publish(OutgoingEvent event);

}
