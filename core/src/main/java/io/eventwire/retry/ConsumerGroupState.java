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
	 * An event of the group was handled (or skipped as not the group's).
	 * @param partition where it was
	 */
	public void succeeded(TopicPartition partition) {
		this.dependencyWait.resolved(partition);
		this.circuitBreaker.succeeded();
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
