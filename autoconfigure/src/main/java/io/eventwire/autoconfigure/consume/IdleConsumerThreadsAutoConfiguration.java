package io.eventwire.autoconfigure.consume;

import io.eventwire.consume.EventListenerContainers;
import io.eventwire.autoconfigure.KafkaAdmins;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The startup check of {@code eventwire.consumer.concurrency} against the partitions of each
 * group's topics.
 */
@AutoConfiguration(after = EventConsumerAutoConfiguration.class)
@ConditionalOnBean({ EventListenerContainers.class, KafkaAdmin.class })
public final class IdleConsumerThreadsAutoConfiguration {

	@Bean
	IdleConsumerThreads eventwireIdleConsumerThreads(EventListenerContainers containers,
			ObjectProvider<KafkaAdmin> kafkaAdmin) {
		return new IdleConsumerThreads(containers, KafkaAdmins.clients(kafkaAdmin));
	}

}
