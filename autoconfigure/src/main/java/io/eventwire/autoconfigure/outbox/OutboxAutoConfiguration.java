package io.eventwire.autoconfigure.outbox;

import java.time.Clock;
import java.util.HashSet;
import java.util.UUID;

import io.eventwire.autoconfigure.EventObservations;
import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.autoconfigure.MongoTransactionRequiredException;
import io.micrometer.observation.ObservationRegistry;
import io.eventwire.autoconfigure.publish.EventPublisherAutoConfiguration;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.MicrometerOutboxMetrics;
import io.eventwire.outbox.MongoEventOutbox;
import io.eventwire.outbox.OutboxDaoFactory;
import io.eventwire.outbox.MongoOutboxOperations;
import io.eventwire.outbox.OutboxMetrics;
import io.eventwire.outbox.OutboxOperations;
import io.eventwire.outbox.OutboxRelay;
import io.eventwire.outbox.OutboxTransactionCheck;
import io.eventwire.outbox.OutboxTracing;
import io.eventwire.outbox.OutboxRelaySettings;
import io.eventwire.publish.EventProducer;
import io.eventwire.publish.EventRecordFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoTransactionManager;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.util.StringUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of the transactional outbox: {@link EventOutbox} and the {@link OutboxRelay},
 * on the application's own MongoDB.
 */
@AutoConfiguration(after = { DataMongoAutoConfiguration.class, EventPublisherAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MongoOperations.class)
@ConditionalOnBooleanProperty(name = "eventwire.enabled", matchIfMissing = true)
@ConditionalOnBean({ MongoOperations.class, EventProducer.class, EventRecordFactory.class })
public final class OutboxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "eventwire.outbox.relay.enabled", matchIfMissing = true)
	OutboxRelay outboxRelay(MongoOperations mongo, EventProducer producer, EventRecordFactory records,
			EventwireProperties properties, OutboxMetrics metrics, ObjectProvider<OutboxDaoFactory> statefulOutbox,
			OutboxTracing tracing) {
		EventwireProperties.Outbox outbox = properties.outbox();
		EventwireProperties.Relay relay = outbox.relay();
		OutboxRelaySettings settings = new OutboxRelaySettings(outbox.collection(), outbox.collection() + "_leases",
				relay.pollInterval(), relay.batchSize(), relay.leaseDuration(), relay.shards(), relay.maxAttempts(),
				outbox.retention(), StringUtils.hasText(relay.instanceId()) ? relay.instanceId() : UUID.randomUUID().toString(),
				relay.idleCheckInterval());
		return new OutboxRelay(mongo, producer, records, settings, metrics, Clock.systemUTC(),
				statefulOutbox.getIfUnique(), tracing);
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxOperations outboxOperations(MongoOperations mongo, EventwireProperties properties,
			ObjectProvider<OutboxRelay> relay) {
		return new MongoOutboxOperations(mongo, properties.outbox().collection(), () -> relay.ifAvailable(OutboxRelay::wakeUp));
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxDaoFactory outboxDaoFactory(MongoOperations mongo, EventRecordFactory records,
			ObjectProvider<JsonMapper> jsonMapper, EventwireProperties properties, ObjectProvider<OutboxRelay> relay) {
		// The relay is looked up at the first write: it depends on this factory itself.
		Runnable wakeUp = properties.outbox().relay().wakeOnWrite() ? () -> relay.ifUnique(OutboxRelay::wakeUp)
				: () -> relay.ifUnique(OutboxRelay::outboxWritten);
		return new OutboxDaoFactory(mongo, records, jsonMapper.getIfAvailable(JsonMapper::new), wakeUp,
				properties.outbox().collection());
	}

	@Bean
	@ConditionalOnMissingBean(EventOutbox.class)
	MongoEventOutbox eventOutbox(MongoOperations mongo, EventRecordFactory records, EventwireProperties properties,
			ObjectProvider<OutboxRelay> relay, ObjectProvider<MongoTransactionManager> transactionManager,
			OutboxTracing tracing, ObjectProvider<Clock> clock) {
		OutboxRelay localRelay = relay.getIfUnique();
		boolean requireTransaction = properties.outbox().requireTransaction();
		if (requireTransaction && transactionManager.getIfAvailable() == null) {
			throw new MongoTransactionRequiredException("eventwire.outbox.require-transaction");
		}
		Runnable beforeFirstWrite = (localRelay != null) ? localRelay::beforeFirstWrite : () -> {
		};
		Runnable wakeUp = (localRelay == null) ? () -> {
		} : properties.outbox().relay().wakeOnWrite() ? localRelay::wakeUp : localRelay::outboxWritten;
		return new MongoEventOutbox(mongo, properties.outbox().collection(), records,
				new HashSet<>(properties.outbox().compactedTopics()), wakeUp, tracing,
				// The application's clock stamps "created"; the order comes from the database either way.
				clock.getIfUnique(Clock::systemUTC), beforeFirstWrite,
				new OutboxTransactionCheck(OutboxTransactionCheck.mongoTransaction(mongo), requireTransaction));
	}

	/**
	 * When a bean of the application injects the event outbox, its relay prepares the outbox
	 * collection at startup, before any request, rather than at the first write: a first write inside
	 * a transaction must not meet the collection's creation or its index builds.
	 */
	@Bean
	@ConditionalOnBean(OutboxRelay.class)
	static SmartInitializingSingleton outboxRelayPreparation(ConfigurableListableBeanFactory beanFactory) {
		return () -> {
			for (String name : beanFactory.getBeanNamesForType(EventOutbox.class, false, false)) {
				if (beanFactory.getDependentBeans(name).length > 0) {
					beanFactory.getBeanProvider(OutboxRelay.class).ifUnique(OutboxRelay::expectWrites);
					return;
				}
			}
		};
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxTracing outboxTracing(EventwireProperties properties, ObjectProvider<ObservationRegistry> observationRegistry) {
		ObservationRegistry registry = EventObservations.registry(properties, observationRegistry);
		return (registry != null) ? new OutboxTracing(registry) : OutboxTracing.NONE;
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxMetrics noOutboxMetrics() {
		return OutboxMetrics.NONE;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MicrometerOutboxMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(MeterRegistry.class)
		OutboxMetrics outboxMetrics(MeterRegistry meterRegistry) {
			return new MicrometerOutboxMetrics(meterRegistry, Clock.systemUTC());
		}

	}

}
