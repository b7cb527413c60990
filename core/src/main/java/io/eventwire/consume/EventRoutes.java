package io.eventwire.consume;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.eventwire.metrics.EventMetrics;
import org.jspecify.annotations.Nullable;

/**
 * Where one consumer group's events go: the handler of each topic and type, with the counter of
 * the events it handled.
 * <p>
 * A record's type header is matched on its bytes against the UTF-8 of the types declared for the
 * topic, so that dispatching a handled event neither decodes the header nor hashes it; a topic
 * carries a handful of types, and a length differs for most of them.
 */
final class EventRoutes {

	/**
	 * @param type the event type
	 * @param utf8 the type's UTF-8 bytes, which a record's type header is matched against
	 * @param handler the handler of the topic and type
	 * @param consumed counts the events the handler returned from normally
	 */
	record Route(String type, byte[] utf8, EventHandlerMethod handler, Runnable consumed) {

	}

	private final Map<String, Route[]> routes = new HashMap<>();

	/**
	 * @param handlers the group's handlers by topic and type
	 * @param metrics gives each topic and type its counter; the types must be registered with it
	 */
	EventRoutes(Map<String, Map<String, EventHandlerMethod>> handlers, EventMetrics metrics) {
		handlers.forEach((topic, byType) -> this.routes.put(topic, byType.entrySet()
			.stream()
			.map((entry) -> new Route(entry.getKey(), entry.getKey().getBytes(StandardCharsets.UTF_8),
					entry.getValue(), metrics.consumedCounter(topic, entry.getKey())))
			.toArray(Route[]::new)));
	}

	/**
	 * @param topic the topic the event counts as coming from
	 * @param type the value of the record's type header, or {@code null} when it has none
	 * @return the route of the topic and type, or {@code null} when no handler wants them
	 */
	@Nullable Route route(String topic, byte @Nullable [] type) {
		Route[] routes = this.routes.get(topic);
		if (routes == null || type == null) {
			return null;
		}
		for (Route route : routes) {
			if (Arrays.equals(route.utf8(), type)) {
				return route;
			}
		}
		return null;
	}

}
