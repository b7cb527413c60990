package io.eventwire.autoconfigure.consume;

import io.eventwire.keyorder.KeyOrders;
import io.eventwire.retry.ConsumerGroupStates;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the consumer groups' health indicator ({@code eventwire}).
 */
@AutoConfiguration(after = EventConsumerAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ConsumerGroupStates.class)
@ConditionalOnEnabledHealthIndicator("eventwire")
public final class ConsumerHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "eventwireHealthIndicator")
	ConsumerHealthIndicator eventwireHealthIndicator(ConsumerGroupStates states, ObjectProvider<KeyOrders> keyOrders) {
		return new ConsumerHealthIndicator(states, keyOrders.getIfUnique());
	}

}
