package io.eventwire.consume;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.eventwire.EventUpcaster;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application's {@link EventUpcaster}s by topic and type, each chain checked at startup: no
 * two for one step, and every step a handler needs from version 1 up to its own.
 */
final class EventUpcasters {

	private final Map<String, Map<String, TreeMap<Integer, EventUpcaster>>> chains = new HashMap<>();

	private final JsonMapper jsonMapper;

	/**
	 * @throws InvalidEventHandlerException when two upcasters do the same step
	 */
	EventUpcasters(List<EventUpcaster> upcasters, JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
		for (EventUpcaster upcaster : upcasters) {
			EventUpcaster existing = this.chains.computeIfAbsent(upcaster.topic(), (topic) -> new HashMap<>())
				.computeIfAbsent(upcaster.type(), (type) -> new TreeMap<>())
				.putIfAbsent(upcaster.fromVersion(), upcaster);
			if (existing != null) {
				throw new InvalidEventHandlerException(upcaster.getClass().getName(), null,
						"two EventUpcasters turn version " + upcaster.fromVersion() + " of '" + upcaster.type() + "' on "
								+ upcaster.topic() + " into the next: " + existing + " and " + upcaster);
			}
		}
	}

	/**
	 * @return whether any upcaster is for this topic
	 */
	boolean hasAny(String topic) {
		return this.chains.containsKey(topic);
	}

	/**
	 * Check that a handler's events of every older version can reach it.
	 * @throws InvalidEventHandlerException naming the first missing step
	 */
	/**
	 * @param handlers a group's handlers, by topic and type
	 * @throws InvalidEventHandlerException if a handler's chain has a gap
	 */
	void check(Map<String, Map<String, EventHandlerMethod>> handlers) {
		handlers.forEach((topic, byType) -> byType.forEach((type, handler) -> check(topic, type, handler)));
	}

	void check(String topic, String type, EventHandlerMethod handler) {
		TreeMap<Integer, EventUpcaster> chain = chain(topic, type);
		for (int from = 1; from < handler.version(); from++) {
			if (chain == null || !chain.containsKey(from)) {
				throw new InvalidEventHandlerException(handler.description(), null, "it handles version "
						+ handler.version() + " of '" + type + "' on " + topic + ", but no EventUpcaster turns version "
						+ from + " into " + (from + 1) + ": declare an EventUpcaster bean with EventUpcaster.of(\"" + topic
						+ "\", \"" + type + "\", " + from + ", ...)");
			}
		}
	}

	/**
	 * @param value the payload of version {@code from}
	 * @return the payload of version {@code to}, as JSON
	 * @throws EventPayloadException when the payload is not JSON, or an upcaster fails on it
	 */
	byte[] upcast(String topic, String type, int from, int to, byte[] value) {
		TreeMap<Integer, EventUpcaster> chain = chain(topic, type);
		try {
			JsonNode payload = this.jsonMapper.readTree(value);
			for (int version = from; version < to; version++) {
				EventUpcaster upcaster = (chain != null) ? chain.get(version) : null;
				if (upcaster == null) {
					// Checked at startup for the handler's own versions: this is a version below 1.
					throw new EventPayloadException("No EventUpcaster turns version " + version + " of event " + type
							+ " into " + (version + 1), null);
				}
				try {
					payload = upcaster.upcast(payload);
				}
				catch (RuntimeException ex) {
					// Tried again, it would fail again: the event goes to the dead-letter topic, with why.
					throw new EventPayloadException(upcaster + " failed on the payload: " + ex, ex);
				}
			}
			return this.jsonMapper.writeValueAsBytes(payload);
		}
		catch (JacksonException ex) {
			throw new EventPayloadException("Payload of event " + type + " could not be upcast from version " + from
					+ " to " + to + ": " + ex.getOriginalMessage(), ex);
		}
	}

	private @Nullable TreeMap<Integer, EventUpcaster> chain(String topic, String type) {
		Map<String, TreeMap<Integer, EventUpcaster>> byType = this.chains.get(topic);
		return (byType != null) ? byType.get(type) : null;
	}

}
