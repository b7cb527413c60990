package io.eventwire.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;

/**
 * Decides whether eventwire's Kafka clients and outbox are observed: when
 * {@code eventwire.observation.enabled} (the default), micrometer-tracing is present and the
 * application has an {@link ObservationRegistry}. Observing only for traces keeps the per-event
 * cost away from applications that do not trace.
 */
public final class EventObservations {

	private static final boolean TRACING_PRESENT = ClassUtils.isPresent("io.micrometer.tracing.Tracer",
			EventObservations.class.getClassLoader());

	private EventObservations() {
	}

	/**
	 * @param properties eventwire's properties
	 * @param registry the application's observation registry, if any
	 * @return the registry to observe with, or {@code null} when eventwire's clients are not observed
	 */
	public static @Nullable ObservationRegistry registry(EventwireProperties properties,
			ObjectProvider<ObservationRegistry> registry) {
		if (!properties.observation().enabled() || !TRACING_PRESENT) {
			return null;
		}
		ObservationRegistry observationRegistry = registry.getIfUnique();
		return (observationRegistry != null && !observationRegistry.isNoop()) ? observationRegistry : null;
	}

}
