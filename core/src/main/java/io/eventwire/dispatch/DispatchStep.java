package io.eventwire.dispatch;

import java.util.Collection;

import org.apache.kafka.common.TopicPartition;

/**
 * One step of the path of a record through its consumer group, in the manner of spring-kafka's
 * {@code RecordInterceptor} or Spring MVC's handler chain: it looks at the delivery, and hands it
 * on to the next step, or ends its path.
 */
@FunctionalInterface
public interface DispatchStep {

	/**
	 * @param delivery the record and what earlier steps learned of it
	 * @param next the rest of the path
	 * @return whether a handler ran and returned (what a skipped event, a parked one or an inbox
	 * duplicate is not)
	 */
	boolean apply(Delivery delivery, DispatchChain next);

	/**
	 * Forget what the step keeps for partitions this consumer no longer holds.
	 * @param partitions the revoked partitions
	 */
	default void revoked(Collection<TopicPartition> partitions) {
	}

}
