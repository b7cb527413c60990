package io.eventwire.consume;

import java.util.HashMap;
import java.util.Map;

import io.eventwire.metrics.EventMetrics;
import org.jspecify.annotations.Nullable;

/**
 * Where one consumer group's events go: the handler of each topic and type, with the counter of
 * the events it handled, both looked up once per event.
 */
final class EventRoutes {

	/**
	 * @param handler the handler of the topic and type
	 * @param consumed counts the events the handler returned from normally
	 */
	record Route(EventHandlerMethod handler, Runnable consumed) {

	}

	private final Map<String, Map<String, Route>> routes = new HashMap<>();

	/**
	 * @param handlers the group's handlers by topic and type
	 * @param metrics gives each topic and type its counter; the types must be registered with it
	 */
	EventRoutes(Map<String, Map<String, EventHandlerMethod>> handlers, EventMetrics metrics) {
		handlers.forEach((topic, byType) -> {
			Map<String, Route> routes = new HashMap<>();
			byType.forEach((type, handler) -> routes.put(type, new Route(handler, metrics.consumedCounter(topic, type))));
			this.routes.put(topic, routes);
		});
	}

	/**
	 * @return the route of the topic and type, or {@code null} when no handler wants them
	 */
	@Nullable Route route(String topic, String type) {
		Map<String, Route> byType = this.routes.get(topic);
		return (byType != null) ? byType.get(type) : null;
	}

}
