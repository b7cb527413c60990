package io.eventwire.retry;

import java.time.Clock;
import java.util.Collection;

import org.apache.kafka.common.TopicPartition;

/**
 * What one consumer group's failure handling knows now: whether it waits for a dependency, and
 * its circuit breaker.
 */
public final class ConsumerGroupState {

	private final String groupId;

	private final DependencyWait dependencyWait;

	private final CircuitBreaker circuitBreaker;

	ConsumerGroupState(String groupId, CircuitBreakerSettings breaker, Clock clock) {
		this.groupId = groupId;
		this.dependencyWait = new DependencyWait(groupId, clock);
		this.circuitBreaker = new CircuitBreaker(groupId, breaker, clock);
	}

	/**
	 * @return the consumer group
	 */
	public String groupId() {
		return this.groupId;
	}

	/**
	 * @return whether, and since when, the group waits for a dependency
	 */
	public DependencyWait dependencyWait() {
		return this.dependencyWait;
	}

	/**
	 * @return the group's circuit breaker
	 */
	public CircuitBreaker circuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * An event of the group failed because a dependency is unavailable, and will be tried again.
	 * @param partition where it is
	 * @param offset its offset
	 * @param event how to name it in the log
	 * @param failure why it failed
	 */
	public void waiting(TopicPartition partition, long offset, String event, Throwable failure) {
		this.dependencyWait.failed(partition, offset, event, failure);
	}

	/**
	 * @return whether the group waits, has an open circuit breaker, or counts failed events: what
	 * the next handled event ends
	 */
	public boolean hasFailures() {
		return this.dependencyWait.isWaiting() || this.circuitBreaker.isOpen()
				|| this.circuitBreaker.consecutiveFailures() > 0;
	}

	/**
	 * A record of the group was done with, without a failure: the partition waits no longer. Only a
	 * handler that ran and returned tells the circuit breaker that the failures are over; a skipped
	 * record (a type no handler wants, a parked event, an inbox duplicate) neither closes it nor
	 * resets its count.
	 * @param partition where it was
	 * @param handlerRan whether a handler ran and returned
	 */
	public void passed(TopicPartition partition, boolean handlerRan) {
		this.dependencyWait.resolved(partition);
		if (handlerRan) {
			this.circuitBreaker.succeeded();
		}
	}

	/**
	 * One event of the group was done with, without a failure, where a partition's events of
	 * different keys are handled side by side: only that event waits no longer.
	 * @param partition where it was
	 * @param offset its offset
	 * @param handlerRan whether a handler ran and returned
	 */
	public void passed(TopicPartition partition, long offset, boolean handlerRan) {
		this.dependencyWait.resolved(partition, offset);
		if (handlerRan) {
			this.circuitBreaker.succeeded();
		}
	}

	/**
	 * One event of the group was given up on (dead-lettered), where a partition's events of
	 * different keys are handled side by side.
	 * @param partition where it was
	 * @param offset its offset
	 */
	public void recovered(TopicPartition partition, long offset) {
		this.dependencyWait.resolved(partition, offset);
	}

	/**
	 * An event of the group was given up on (dead-lettered).
	 * @param partition where it was
	 */
	public void recovered(TopicPartition partition) {
		this.dependencyWait.resolved(partition);
	}

	/**
	 * Partitions were revoked from the group's consumer here.
	 * @param partitions the partitions
	 */
	void revoked(Collection<TopicPartition> partitions) {
		this.dependencyWait.resolved(partitions);
	}

}
