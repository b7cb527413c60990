package io.eventwire;

import java.util.function.UnaryOperator;

import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;

/**
 * Turns the payload of one version of an event type into the next version's, so that a handler of
 * the new version ({@link OnEvent#version()}) can take the events of the old one still in the topic,
 * in the dead-letter topic (replayed), behind parked keys or in an outbox backlog. Declare one bean
 * per step; a chain of them runs before the payload is bound, and only for events older than the
 * handler: events at its version cost nothing.
 * <pre>{@code
 * @Bean
 * EventUpcaster orderPlacedV1ToV2() {
 *     return EventUpcaster.of("orders", "order_placed", 1, (payload) -> {
 *         ObjectNode order = (ObjectNode) payload;
 *         order.set("customer", order.objectNode().put("name", order.path("customer").asString()));
 *         return order;
 *     });
 * }
 * }</pre>
 */
public interface EventUpcaster {

	/**
	 * @return the topic of the events it upcasts
	 */
	String topic();

	/**
	 * @return the event type it upcasts
	 */
	String type();

	/**
	 * @return the version it upcasts from (to the next one)
	 */
	int fromVersion();

	/**
	 * @param payload a payload of {@link #fromVersion()}, which may be changed in place
	 * @return the payload of {@code fromVersion() + 1}
	 */
	JsonNode upcast(JsonNode payload);

	/**
	 * @param topic the topic of the events it upcasts
	 * @param type the event type
	 * @param fromVersion the version it upcasts from, 1 or more
	 * @param upcast the change from that version to the next
	 * @return the upcaster
	 */
	static EventUpcaster of(String topic, String type, int fromVersion, UnaryOperator<JsonNode> upcast) {
		Assert.hasText(topic, "topic must not be blank");
		Assert.hasText(type, "type must not be blank");
		Assert.isTrue(fromVersion >= 1, "fromVersion must be at least 1");
		Assert.notNull(upcast, "upcast must not be null");
		return new EventUpcaster() {

			@Override
			public String topic() {
				return topic;
			}

			@Override
			public String type() {
				return type;
			}

			@Override
			public int fromVersion() {
				return fromVersion;
			}

			@Override
			public JsonNode upcast(JsonNode payload) {
				return upcast.apply(payload);
			}

			@Override
			public String toString() {
				return "EventUpcaster of '" + type + "' on " + topic + " from version " + fromVersion;
			}

		};
	}

}
