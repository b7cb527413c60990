package io.eventwire.benchmarks;

import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * A service that writes its events the Spring Modulith way: published as application events in a
 * transaction, stored by the event publication registry in MongoDB, externalized to Kafka after
 * commit and marked completed once Kafka acknowledged them. The records carry the headers an
 * eventwire consumer reads, so the same handler receives both sides.
 * <p>
 * On mongo-java-server (no multi-document transactions) it runs with a no-op transaction manager,
 * which still activates transaction synchronization, and with Modulith's MongoDB transaction
 * management off.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ModulithApp {

	static String[] args(Infrastructure infrastructure, String database, String topic, int keys) {
		return Workloads.modulithArgs(infrastructure, database, "--bench.modulith.topic=" + topic,
				"--bench.keys=" + keys, "--spring.modulith.events.mongodb.transaction-management.enabled=false",
				"--spring.mongodb.representation.uuid=standard",
				// Modulith's Kafka support writes JSON through a message converter: the template sends bytes.
				"--spring.kafka.producer.value-serializer=org.apache.kafka.common.serialization.ByteArraySerializer",
				"--spring.kafka.producer.acks=all", "--spring.kafka.producer.properties.enable.idempotence=true");
	}

	@Bean
	PlatformTransactionManager transactionManager() {
		return new NoOpTransactionManager();
	}

	@Bean
	EventExternalizationConfiguration eventExternalization(Environment environment) {
		String topic = environment.getRequiredProperty("bench.modulith.topic");
		int keys = environment.getRequiredProperty("bench.keys", Integer.class);
		return EventExternalizationConfiguration.externalizing()
			.selectByType(BenchEvent.class)
			.route(BenchEvent.class, (event) -> RoutingTarget.forTarget(topic).andKey(BenchEvent.key(event.seq(), keys)))
			.headers(BenchEvent.class,
					(event) -> Map.of("type", "bench_event", "event_id", UUID.randomUUID().toString(), "correlation_id",
							UUID.randomUUID().toString()))
			.build();
	}

	@Bean
	ModulithWriter modulithWriter(ApplicationEventPublisher events) {
		return new ModulithWriter(events);
	}

	/**
	 * Writes one event in its own transaction, as a Modulith service method would.
	 */
	static class ModulithWriter {

		private final ApplicationEventPublisher events;

		ModulithWriter(ApplicationEventPublisher events) {
			this.events = events;
		}

		@Transactional
		public void write(BenchEvent event) {
			this.events.publishEvent(event);
		}

	}

	/**
	 * Begins and commits nothing, but lets Spring run the transaction synchronizations (the registry's
	 * after-commit externalization) as with a real transaction.
	 */
	static class NoOpTransactionManager extends AbstractPlatformTransactionManager {

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

}
