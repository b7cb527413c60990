package io.eventwire.autoconfigure.consume;

import java.util.List;
import java.util.function.Supplier;

import io.eventwire.consume.EventInbox;
import io.eventwire.consume.MongoEventInbox;
import io.eventwire.keyorder.KeyOrders;
import io.eventwire.retry.ConsumerGroupStates;
import io.eventwire.pause.SharedPauses;
import io.eventwire.rewind.RewindProgress;
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
	ConsumerHealthIndicator eventwireHealthIndicator(ConsumerGroupStates states, ObjectProvider<KeyOrders> keyOrders,
			ObjectProvider<EventInbox> inbox, ObjectProvider<RewindProgress> rewinds, ObjectProvider<SharedPauses> pauses) {
		Supplier<List<String>> missingPrivileges = List::of;
		if (inbox.getIfUnique() instanceof MongoEventInbox mongoInbox) {
			missingPrivileges = mongoInbox::missingPrivileges;
		}
		RewindProgress progress = rewinds.getIfUnique();
		SharedPauses shared = pauses.getIfUnique();
		return new ConsumerHealthIndicator(states, keyOrders.getIfUnique(), missingPrivileges,
				(progress != null) ? progress::of : (groupId) -> null,
				(shared != null) ? shared::pauseOf : (groupId) -> null);
	}

}
