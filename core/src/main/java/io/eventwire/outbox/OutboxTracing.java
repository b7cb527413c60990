package io.eventwire.outbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.springframework.util.Assert;

/**
 * Carries the trace across the outbox: the trace context current when an event is stored (W3C
 * {@code traceparent} and the like, as the tracer's propagator writes them) is kept with the
 * outbox entry, and the relay sends the event inside an observation that continues that trace,
 * whenever and wherever it runs.
 * <p>
 * It uses only the Observation API: with micrometer-tracing's propagating handlers registered (Brave
 * or OpenTelemetry bridge) the carrier is filled and read; without them nothing is stored.
 */
public final class OutboxTracing {

	/** No tracing: nothing stored, nothing continued. */
	public static final OutboxTracing NONE = new OutboxTracing(ObservationRegistry.NOOP);

	private final ObservationRegistry registry;

	/**
	 * @param registry the registry whose handlers propagate the trace context
	 */
	public OutboxTracing(ObservationRegistry registry) {
		Assert.notNull(registry, "registry must not be null");
		this.registry = registry;
	}

	/**
	 * Record that an event is stored, as a span of the current trace.
	 * @param topic the event's topic
	 * @return the trace context to store with the event, empty when there is no tracing
	 */
	Map<String, String> capture(String topic) {
		if (this.registry.isNoop()) {
			return Map.of();
		}
		Map<String, String> carrier = new LinkedHashMap<>();
		SenderContext<Map<String, String>> context = new SenderContext<>(Map::put);
		context.setCarrier(carrier);
		context.setRemoteServiceName("outbox");
		Observation.createNotStarted("eventwire.outbox.store", () -> context, this.registry)
			.contextualName(topic + " store")
			.lowCardinalityKeyValue("messaging.destination.name", topic)
			.observe(() -> {
			});
		return carrier;
	}

	/**
	 * Send an event inside an observation that continues the stored trace.
	 * @param stored the trace context stored with the event; empty to send without one
	 * @param topic the event's topic
	 * @param send sends the event
	 * @param <T> what sending returns
	 * @return what sending returned
	 */
	<T> T continueFrom(Map<String, String> stored, String topic, Supplier<T> send) {
		if (this.registry.isNoop() || stored.isEmpty()) {
			return send.get();
		}
		ReceiverContext<Map<String, String>> context = new ReceiverContext<>(Map::get);
		context.setCarrier(stored);
		context.setRemoteServiceName("outbox");
		return Observation.createNotStarted("eventwire.outbox.relay", () -> context, this.registry)
			.contextualName(topic + " relay")
			.lowCardinalityKeyValue("messaging.destination.name", topic)
			.observe(send);
	}

}
