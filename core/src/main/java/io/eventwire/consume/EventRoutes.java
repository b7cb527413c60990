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
	 * @param handler the handler of the topic and type
	 * @param consumed counts the events the handler returned from normally
	 */
	record Route(String type, EventHandlerMethod handler, Runnable consumed) {

	}

	private final Map<String, Route[]> routes = new HashMap<>();

	private final Map<String, byte[][]> typeBytes = new HashMap<>();

	/**
	 * @param handlers the group's handlers by topic and type
	 * @param metrics gives each topic and type its counter; the types must be registered with it
	 */
	EventRoutes(Map<String, Map<String, EventHandlerMethod>> handlers, EventMetrics metrics) {
		handlers.forEach((topic, byType) -> {
			Route[] routes = byType.entrySet()
				.stream()
				.map((entry) -> new Route(entry.getKey(), entry.getValue(),
						metrics.consumedCounter(topic, entry.getKey())))
				.toArray(Route[]::new);
			this.routes.put(topic, routes);
			this.typeBytes.put(topic, Arrays.stream(routes)
				.map((route) -> route.type().getBytes(StandardCharsets.UTF_8))
				.toArray(byte[][]::new));
		});
	}

	/**
	 * @param topic the topic the event counts as coming from
	 * @param type the value of the record's type header, or {@code null} when it has none
	 * @return the route of the topic and type, or {@code null} when no handler wants them
	 */
	@Nullable Route route(String topic, byte @Nullable [] type) {
		byte[][] types = this.typeBytes.get(topic);
		if (types == null || type == null) {
			return null;
		}
		for (int i = 0; i < types.length; i++) {
			if (Arrays.equals(types[i], type)) {
				return this.routes.get(topic)[i];
			}
		}
		return null;
	}

}
