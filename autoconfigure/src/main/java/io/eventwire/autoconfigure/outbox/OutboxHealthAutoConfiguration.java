package io.eventwire.autoconfigure.outbox;

import java.time.Clock;

import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.outbox.OutboxRelay;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the outbox health indicator ({@code eventwireOutbox}).
 */
@AutoConfiguration(after = OutboxAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(OutboxRelay.class)
@ConditionalOnEnabledHealthIndicator("eventwireOutbox")
public final class OutboxHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "eventwireOutboxHealthIndicator")
	OutboxHealthIndicator eventwireOutboxHealthIndicator(OutboxRelay relay, EventwireProperties properties) {
		return new OutboxHealthIndicator(relay, properties.outbox().health().maxPendingAge(), Clock.systemUTC());
	}

}
