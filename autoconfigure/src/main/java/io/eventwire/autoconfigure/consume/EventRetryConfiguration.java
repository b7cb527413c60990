package io.eventwire.autoconfigure.consume;

import java.time.Clock;

import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.autoconfigure.ServiceName;
import io.eventwire.dlq.DeadLetterPublisher;
import io.eventwire.dlq.EventRetryListener;
import io.eventwire.dlq.FailureClassifier;
import io.eventwire.keyorder.KeyOrders;
import io.eventwire.metrics.EventMetrics;
import io.eventwire.publish.EventProducer;
import io.eventwire.retry.CircuitBreakerSettings;
import io.eventwire.retry.ConsumerGroupStates;
import io.eventwire.retry.EventBackOffs;
import io.eventwire.retry.PartitionPausingBackOffHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What the translators' error handler is built from: failure classification, the back-offs (wait
 * for dependencies, bounded retries, circuit breaker), the retry listener and the dead-letter
 * publisher. Each can be replaced by a bean of its own.
 */
@Configuration(proxyBeanMethods = false)
class EventRetryConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FailureClassifier eventFailureClassifier(EventwireProperties properties) {
		return new FailureClassifier(properties.dlq().nonRetryableExceptions(),
				properties.retry().transientExceptions());
	}

	@Bean
	@ConditionalOnMissingBean
	ConsumerGroupStates eventConsumerGroupStates(EventwireProperties properties, EventMetrics metrics) {
		EventwireProperties.CircuitBreaker breaker = properties.consumer().circuitBreaker();
		CircuitBreakerSettings settings = breaker.enabled() ? new CircuitBreakerSettings(true,
				breaker.failureThreshold(), breaker.openDuration(), breaker.maxOpenDuration())
				: CircuitBreakerSettings.DISABLED;
		return new ConsumerGroupStates(settings, Clock.systemUTC(), metrics::consumerGroup);
	}

	@Bean
	@ConditionalOnMissingBean
	EventBackOffs eventBackOffs(FailureClassifier classifier, EventwireProperties properties,
			ConsumerGroupStates states) {
		EventwireProperties.Retry retry = properties.retry();
		return new EventBackOffs(classifier, retry.maxRetries(), retry.backoff(), retry.maxBackoff(), states);
	}

	@Bean
	@ConditionalOnMissingBean
	EventRetryListener eventRetryListener(FailureClassifier classifier, EventwireProperties properties,
			EventMetrics metrics, Environment environment, ConsumerGroupStates states) {
		return new EventRetryListener(classifier, properties.retry().maxRetries(), metrics,
				EventConsumerAutoConfiguration.retryTopic(properties, environment), states);
	}

	@Bean
	@ConditionalOnMissingBean
	PartitionPausingBackOffHandler eventBackOffHandler(EventRetryListener retryListener) {
		return new PartitionPausingBackOffHandler(retryListener::failingPartition);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "eventwire.dlq.enabled", matchIfMissing = true)
	DeadLetterPublisher deadLetterPublisher(EventProducer producer, EventwireProperties properties,
			EventRetryListener retryListener, EventMetrics metrics, Environment environment,
			ObjectProvider<KeyOrders> keyOrders, ConsumerGroupStates states, EventBackOffs backOffs) {
		String serviceName = ServiceName.resolve(properties, environment);
		DeadLetterPublisher publisher = new DeadLetterPublisher(producer.kafkaTemplate(), properties.dlq().topic(),
				serviceName, retryListener, metrics, Clock.systemUTC(), keyOrders.getIfUnique());
		// While the dead-letter topic takes no write, the event waits as for any unavailable dependency.
		publisher.setPublicationBackOff(backOffs.untilItSucceeds());
		states.onRevoked(publisher::revoked);
		return publisher;
	}

}
