package io.eventwire.autoconfigure.consume;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.eventwire.autoconfigure.CompactedTopics;
import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.autoconfigure.KafkaAdmins;
import io.eventwire.autoconfigure.ServiceName;
import io.eventwire.consume.EventListenerContainers;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.internal.InstanceName;
import io.eventwire.publish.EventProducer;
import io.eventwire.rewind.FirstReads;
import io.eventwire.rewind.GroupRewinder;
import io.eventwire.rewind.RewindProgress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.eventwire.rewind.RewindCoordination;
import io.eventwire.rewind.RewindLog;
import org.apache.kafka.clients.admin.NewTopic;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Rewinding consumer groups on every instance: the rewinds topic {@code rewinds-<service>}
 * (created here unless {@code spring.kafka.admin.auto-create} is false), followed by every
 * instance, and the rewinder behind {@code EventConsumers.rewind}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(EventProducer.class)
class RewindConfiguration {

	// Writing a state and acting on it: stopping a group's consumers takes up to the drain timeout.
	private static final Duration LOG_TIMEOUT = Duration.ofSeconds(60);

	// How long the group's instances get to stop their consumers.
	private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

	@Bean
	@ConditionalOnMissingBean
	RewindLog eventwireRewindLog(
			@Qualifier("eventwireListenerContainerFactory") ObjectProvider<ConcurrentKafkaListenerContainerFactory<String, byte[]>> containerFactory,
			EventProducer producer, EventwireProperties properties, Environment environment,
			ObjectProvider<JsonMapper> jsonMapper) {
		return new RewindLog(CompactedTopics.readers(containerFactory, "eventwire-rewinds"), producer.kafkaTemplate(),
				ServiceName.rewindsTopic(ServiceName.resolve(properties, environment)),
				jsonMapper.getIfAvailable(JsonMapper::new), LOG_TIMEOUT);
	}

	@Bean
	@ConditionalOnMissingBean
	RewindCoordination eventwireRewindCoordination(RewindLog log) {
		return new RewindCoordination(log, STOP_TIMEOUT.multipliedBy(2), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	GroupRewinder eventwireGroupRewinder(RewindLog log, EventListenerContainers containers,
			ObjectProvider<KafkaAdmin> kafkaAdmin, ObjectProvider<DeadLetters> deadLetters) {
		return new GroupRewinder(log, containers, KafkaAdmins.clients(kafkaAdmin),
				InstanceName.current(), STOP_TIMEOUT, Clock.systemUTC(), (groupId) -> {
					DeadLetters letters = deadLetters.getIfUnique();
					return (letters != null)
							? letters.list().stream().filter((letter) -> groupId.equals(letter.consumerGroup())).count() : 0;
				});
	}

	@Bean
	@ConditionalOnMissingBean
	RewindProgress eventwireRewindProgress(RewindLog log, ObjectProvider<KafkaAdmin> kafkaAdmin) {
		return new RewindProgress(log, KafkaAdmins.clients(kafkaAdmin),
				InstanceName.current(), Duration.ofSeconds(2), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	FirstReads eventwireFirstReads(RewindLog log, EventListenerContainers containers,
			ObjectProvider<KafkaAdmin> kafkaAdmin) {
		FirstReads firstReads = new FirstReads(log, () -> {
			Map<String, Set<String>> groups = new LinkedHashMap<>();
			containers.getRegistry().groupIds().forEach((groupId) -> groups.put(groupId, containers.getRegistry().topics(groupId)));
			return groups;
		}, KafkaAdmins.clients(kafkaAdmin), InstanceName.current(),
				Clock.systemUTC());
		log.whenCaughtUp(firstReads);
		return firstReads;
	}

	@Bean
	@ConditionalOnMissingBean(name = "eventwireRewindsTopic")
	NewTopic eventwireRewindsTopic(EventwireProperties properties, Environment environment) {
		// The latest rewind of each group.
		return CompactedTopics.topic(ServiceName.rewindsTopic(ServiceName.resolve(properties, environment)));
	}

	/**
	 * The gauge of each group's rewind, where Micrometer is (a Kafka-only service may go without).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class RewindMetricsConfiguration {

		@Bean
		SmartInitializingSingleton eventwireRewindGauges(RewindProgress progress, EventListenerContainers containers,
				ObjectProvider<MeterRegistry> meterRegistry) {
			return () -> meterRegistry.ifUnique((meters) -> containers.getRegistry()
				.groupIds()
				.forEach((groupId) -> Gauge.builder("eventwire.consumer.rewind.remaining", () -> progress.remaining(groupId))
					.description("Events a rewound consumer group has yet to handle again before it is back where it was")
					.tag("group", groupId)
					.register(meters)));
		}

	}

}
