package io.eventwire.autoconfigure;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Reads the client configuration of Boot's Kafka factories, so that everything set under
 * {@code spring.kafka} (servers, security, SSL bundles, connection details) applies to
 * eventwire's clients too.
 */
public final class KafkaClientConfigs {

	private KafkaClientConfigs() {
	}

	/**
	 * @param factoryConfigs the configuration of Boot's factory, or {@code null} when there is none
	 * @param fallback the configuration built from {@code spring.kafka} properties
	 * @return a mutable copy of the factory's configuration, or of the fallback when the factory
	 * does not expose its configuration
	 */
	public static Map<String, Object> copyOf(@Nullable Supplier<Map<String, Object>> factoryConfigs,
			Supplier<Map<String, Object>> fallback) {
		if (factoryConfigs != null) {
			try {
				return new HashMap<>(factoryConfigs.get());
			}
			catch (UnsupportedOperationException ex) {
				// A user-supplied factory that does not expose its configuration.
			}
		}
		return new HashMap<>(fallback.get());
	}

}
