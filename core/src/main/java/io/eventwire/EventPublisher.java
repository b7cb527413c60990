package io.eventwire;

import java.util.concurrent.CompletableFuture;

/**
 * Publishes events to Kafka with eventwire's standard headers ({@code type}, {@code event_id},
 * {@code correlation_id}) through an idempotent producer with {@code acks=all}.
 * <p>
 * The payload is written as JSON: an object is serialized by the application's JSON mapper; a
 * {@code String}, {@code byte[]} or {@code JsonNode} payload is taken as the JSON itself and must be
 * valid JSON. The correlation id is the current one (see
 * {@link io.eventwire.correlation.CorrelationId}); when there is none a new one is generated.
 * <p>
 * Publishing straight to Kafka after a database write loses the event when the process dies in
 * between; use the outbox for events that must follow a business change.
 */
public interface EventPublisher {

	/**
	 * Publish an event and wait until the broker acknowledged it.
	 * @param topic the topic
	 * @param type the event type
	 * @param key the key; events with the same key keep their order
	 * @param payload the payload, written as JSON
	 * @throws PublishException if the payload cannot be serialized or the broker did not
	 * acknowledge the event
	 */
	default void publish(String topic, String type, String key, Object payload) {
		publish(OutgoingEvent.builder(topic, type, key, payload).build());
	}

	/**
	 * Publish an event and wait until the broker acknowledged it.
	 * @param event the event
	 * @throws PublishException if the payload cannot be serialized or the broker did not
	 * acknowledge the event
	 */
	void publish(OutgoingEvent event);

	/**
	 * Publish an event without waiting.
	 * @param topic the topic
	 * @param type the event type
	 * @param key the key; events with the same key keep their order
	 * @param payload the payload, written as JSON
	 * @return a future that completes when the broker acknowledged the event, or exceptionally
	 * with a {@link PublishException}
	 */
	default CompletableFuture<PublishResult> publishAsync(String topic, String type, String key, Object payload) {
		return publishAsync(OutgoingEvent.builder(topic, type, key, payload).build());
	}

	/**
	 * Publish an event without waiting.
	 * @param event the event
	 * @return a future that completes when the broker acknowledged the event, or exceptionally
	 * with a {@link PublishException}
	 */
	CompletableFuture<PublishResult> publishAsync(OutgoingEvent event);

}
