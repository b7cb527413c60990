package io.eventwire.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of eventwire, under the prefix {@code eventwire}.
 * <p>
 * Kafka itself (bootstrap servers, security, client ids) is configured the standard Spring Boot way
 * under {@code spring.kafka}; eventwire derives its producer and consumers from those settings.
 *
 * @param enabled Whether eventwire is on. When false, none of its beans are created.
 * @param serviceName Name of this service: the consumer group of its translators, the
 * "service" header of its dead letters and the suffix of its retry topic. Defaults to
 * spring.application.name; one of the two must be set.
 * @param consumer How translators consume.
 * @param correlation How correlation ids are handled.
 */
@ConfigurationProperties("eventwire")
public record EventwireProperties(@DefaultValue("true") boolean enabled, @Nullable String serviceName,
		@DefaultValue Consumer consumer, @DefaultValue Correlation correlation) {

	/**
	 * How translators consume.
	 *
	 * @param concurrency Number of consumer threads of each consumer group, at most one per
	 * partition.
	 */
	public record Consumer(@DefaultValue("1") int concurrency) {

		public Consumer {
			if (concurrency < 1) {
				throw new IllegalArgumentException("eventwire.consumer.concurrency must be at least 1, not " + concurrency);
			}
		}

	}

	/**
	 * How correlation ids are handled.
	 *
	 * @param generateIfMissing Whether to generate a correlation id when an event is published with
	 * none current. When false, publishing without one fails.
	 */
	public record Correlation(@DefaultValue("true") boolean generateIfMissing) {

	}

}
