package io.eventwire.consume;

import java.util.Collection;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import io.eventwire.parallel.KeyParallelDispatcher;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Tells eventwire which partitions a consumer lost, so that what it kept about their failures is
 * dropped, and which it was given, then passes every callback on to the rebalance listener the
 * container had.
 */
final class PartitionChangeListener implements ConsumerAwareRebalanceListener {

	private final @Nullable ConsumerRebalanceListener delegate;

	private final Consumer<Collection<TopicPartition>> onRevoked;

	private final Consumer<Collection<TopicPartition>> onAssigned;

	private final @Nullable KeyParallelDispatcher parallel;

	/**
	 * @param parallel the group's dispatcher when it handles keys side by side: a revoked
	 * partition's in-flight events finish before the container commits it
	 */
	PartitionChangeListener(@Nullable ConsumerRebalanceListener delegate,
			Consumer<Collection<TopicPartition>> onRevoked, Consumer<Collection<TopicPartition>> onAssigned,
			@Nullable KeyParallelDispatcher parallel) {
		this.delegate = delegate;
		this.onRevoked = onRevoked;
		this.onAssigned = onAssigned;
		this.parallel = parallel;
	}

	@Override
	public void onPartitionsRevokedBeforeCommit(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
			Collection<TopicPartition> partitions) {
		if (this.parallel != null) {
			this.parallel.revoking(consumer, partitions);
		}
		if (this.delegate instanceof ConsumerAwareRebalanceListener aware) {
			aware.onPartitionsRevokedBeforeCommit(consumer, partitions);
		}
		else if (this.delegate != null) {
			this.delegate.onPartitionsRevoked(partitions);
		}
	}

	@Override
	public void onPartitionsRevokedAfterCommit(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
			Collection<TopicPartition> partitions) {
		this.onRevoked.accept(partitions);
		if (this.delegate instanceof ConsumerAwareRebalanceListener aware) {
			aware.onPartitionsRevokedAfterCommit(consumer, partitions);
		}
	}

	@Override
	public void onPartitionsLost(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
			Collection<TopicPartition> partitions) {
		if (this.parallel != null) {
			this.parallel.lost(consumer, partitions);
		}
		this.onRevoked.accept(partitions);
		if (this.delegate instanceof ConsumerAwareRebalanceListener aware) {
			aware.onPartitionsLost(consumer, partitions);
		}
		else if (this.delegate != null) {
			this.delegate.onPartitionsLost(partitions);
		}
	}

	@Override
	public void onPartitionsAssigned(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
			Collection<TopicPartition> partitions) {
		this.onAssigned.accept(partitions);
		if (this.delegate instanceof ConsumerAwareRebalanceListener aware) {
			aware.onPartitionsAssigned(consumer, partitions);
		}
		else if (this.delegate != null) {
			this.delegate.onPartitionsAssigned(partitions);
		}
	}

}
