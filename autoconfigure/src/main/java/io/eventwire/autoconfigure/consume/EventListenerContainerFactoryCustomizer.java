package io.eventwire.autoconfigure.consume;

import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

/**
 * Customizes the factory of eventwire's listener containers (the {@code eventwireListenerContainerFactory}),
 * after Boot's {@code spring.kafka.listener} settings and eventwire's own were applied. The beans an
 * application declares for its {@code @KafkaListener} containers never apply to eventwire's; this is
 * the place to change eventwire's on purpose: a container customizer, a thread name, a task executor.
 * <p>
 * eventwire relies on its error handler (retries, dead letters, key order), on record listeners and
 * on committing after each handler returned: replacing those here takes its guarantees away.
 */
@FunctionalInterface
public interface EventListenerContainerFactoryCustomizer {

	/**
	 * @param factory the factory of eventwire's listener containers
	 */
	void customize(ConcurrentKafkaListenerContainerFactory<String, byte[]> factory);

}
