package io.eventwire.retry;

import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.apache.kafka.common.TopicPartition;

import org.springframework.util.Assert;

/**
 * The failure state of each consumer group of the service's translators, for the error handler,
 * the health indicator and the metrics.
 */
public class ConsumerGroupStates {

	private final CircuitBreakerSettings breaker;

	private final Clock clock;

	private final Map<String, ConsumerGroupState> groups = new ConcurrentHashMap<>();

	private final Consumer<ConsumerGroupState> onNewGroup;

	private final List<BiConsumer<String, Collection<TopicPartition>>> revocationListeners = new CopyOnWriteArrayList<>();

	/**
	 * @param breaker the settings of each group's circuit breaker
	 * @param clock measures waits and open durations
	 */
	public ConsumerGroupStates(CircuitBreakerSettings breaker, Clock clock) {
		this(breaker, clock, (state) -> {
		});
	}

	/**
	 * @param breaker the settings of each group's circuit breaker
	 * @param clock measures waits and open durations
	 * @param onNewGroup called once for each group's state when it is created (to bind meters, say)
	 */
	public ConsumerGroupStates(CircuitBreakerSettings breaker, Clock clock, Consumer<ConsumerGroupState> onNewGroup) {
		Assert.notNull(breaker, "breaker must not be null");
		Assert.notNull(clock, "clock must not be null");
		this.breaker = breaker;
		this.clock = clock;
		this.onNewGroup = onNewGroup;
	}

	/**
	 * @param groupId a consumer group
	 * @return its state, created on first use
	 */
	public ConsumerGroupState forGroup(String groupId) {
		ConsumerGroupState state = this.groups.get(groupId);
		if (state != null) {
			return state;
		}
		return this.groups.computeIfAbsent(groupId, (id) -> {
			ConsumerGroupState created = new ConsumerGroupState(id, this.breaker, this.clock);
			this.onNewGroup.accept(created);
			return created;
		});
	}

	/**
	 * Partitions were revoked from a group's consumer here: what waited or failed there is another
	 * consumer's now.
	 * @param groupId the consumer group
	 * @param partitions the revoked partitions
	 */
	public void revoked(String groupId, Collection<TopicPartition> partitions) {
		forGroup(groupId).revoked(partitions);
		this.revocationListeners.forEach((listener) -> listener.accept(groupId, partitions));
	}

	/**
	 * @param listener told of every revocation, with the group and the partitions
	 */
	public void onRevoked(BiConsumer<String, Collection<TopicPartition>> listener) {
		this.revocationListeners.add(listener);
	}

	/**
	 * @return the state of every group seen so far
	 */
	public Collection<ConsumerGroupState> all() {
		return Collections.unmodifiableCollection(this.groups.values());
	}

}
