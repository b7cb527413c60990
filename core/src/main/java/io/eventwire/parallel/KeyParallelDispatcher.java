package io.eventwire.parallel;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.eventwire.internal.PartitionResumes;
import io.eventwire.retry.ConsumerGroupState;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.AcknowledgingConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The message listener of a consumer group whose keys are handled side by side: each consumer
 * thread hands its records to its {@link ConsumerLanes} and goes on polling; handler threads run
 * them, each key in order; the container commits what its lanes acknowledge (each partition up to
 * its first unfinished event, with {@link ContainerProperties.AckMode#MANUAL}).
 * <p>
 * {@link #attach} sets the container up for it. A revoked partition's in-flight events finish (or
 * are given up) before spring-kafka commits the revoked partitions; {@link #drain} does the same
 * for all of them before the container stops.
 */
public final class KeyParallelDispatcher implements AcknowledgingConsumerAwareMessageListener<String, byte[]> {

	private final String groupId;

	private final KeyParallelism settings;

	private final Predicate<ConsumerRecord<String, byte[]>> dispatch;

	private final KeyedFailures failures;

	private final ConsumerGroupState state;

	private final HandlerThreads threads;

	// One per consumer thread of the container; a restarted container has new consumers.
	private final Map<Consumer<?, ?>, ConsumerLanes> consumers = new ConcurrentHashMap<>();

	private @Nullable ConcurrentMessageListenerContainer<String, byte[]> container;

	private @Nullable EventAttempts attempts;

	/**
	 * @param groupId the consumer group
	 * @param settings the parallelism, the buffer and the drain timeout
	 * @param dispatch the group's dispatch chain: answers whether a handler ran and returned
	 * @param failures decide what a failure means
	 * @param state the group's waits and circuit breaker
	 */
	public KeyParallelDispatcher(String groupId, KeyParallelism settings,
			Predicate<ConsumerRecord<String, byte[]>> dispatch, KeyedFailures failures, ConsumerGroupState state) {
		this.groupId = groupId;
		this.settings = settings;
		this.dispatch = dispatch;
		this.failures = failures;
		this.state = state;
		this.threads = new HandlerThreads(groupId);
	}

	/**
	 * Make this the container's listener: acknowledgments by hand, out of order across keys, and
	 * the container's observation moved onto the handler threads.
	 * @param container the group's container
	 */
	public void attach(ConcurrentMessageListenerContainer<String, byte[]> container) {
		ContainerProperties properties = container.getContainerProperties();
		properties.setAckMode(ContainerProperties.AckMode.MANUAL);
		properties.setAsyncAcks(false);
		ListenerObservation observation = new ListenerObservation(
				properties.isObservationEnabled() ? properties.getObservationRegistry() : null,
				properties.getObservationConvention(), String.valueOf(container.getListenerId()), this.groupId);
		properties.setObservationEnabled(false);
		properties.setMessageListener(this);
		this.attempts = new EventAttempts(this.dispatch, this.failures, this.state, observation, this.threads);
		this.container = container;
	}

	@Override
	public void onMessage(ConsumerRecord<String, byte[]> record, @Nullable Acknowledgment acknowledgment,
			@Nullable Consumer<?, ?> consumer) {
		if (acknowledgment == null || consumer == null) {
			throw new IllegalStateException("Consumer group '" + this.groupId
					+ "' handles keys side by side and needs the container's acknowledgments (AckMode.MANUAL)");
		}
		this.consumers.computeIfAbsent(consumer, (key) -> lanes()).add(record, acknowledgment);
	}

	private ConsumerLanes lanes() {
		EventAttempts running = this.attempts;
		ConcurrentMessageListenerContainer<String, byte[]> owner = this.container;
		if (running == null || owner == null) {
			throw new IllegalStateException("KeyParallelDispatcher of '" + this.groupId + "' is not attached");
		}
		return new ConsumerLanes(this.settings, running::submit, new ContainerIntake(owner));
	}

	/**
	 * Partitions are being revoked from a consumer (on its thread, before the container commits):
	 * their in-flight events finish within the drain timeout.
	 */
	public void revoking(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		ConsumerLanes lanes = this.consumers.get(consumer);
		if (lanes != null) {
			lanes.close(partitions, true);
		}
	}

	/**
	 * Partitions were lost (the consumer was out of its group): nothing of them is committed.
	 */
	public void lost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		ConsumerLanes lanes = this.consumers.get(consumer);
		if (lanes != null) {
			lanes.close(partitions, false);
		}
	}

	/**
	 * Start the handler threads, before the container.
	 */
	public void start() {
		ConcurrentMessageListenerContainer<String, byte[]> owner = this.container;
		int concurrency = (owner != null) ? owner.getConcurrency() : 1;
		this.threads.start(concurrency * this.settings.parallelism());
	}

	/**
	 * Before the container stops: nothing more starts, and the in-flight events finish within the
	 * drain timeout, so that the container commits them as it stops.
	 */
	public void drain() {
		long deadline = System.nanoTime() + this.settings.drainTimeout().toNanos();
		// Every consumer stops starting events first; then each waits, until the one deadline.
		this.consumers.values().forEach(ConsumerLanes::stopping);
		this.consumers.values().forEach((lanes) -> lanes.stop(deadline));
	}

	/**
	 * After the container stopped: the handler threads end.
	 */
	public void stop() {
		this.threads.stop(this.settings.drainTimeout());
		this.consumers.clear();
	}

	/**
	 * @return the events in flight now, across the group's consumer threads (running, or waiting for
	 * their next attempt)
	 */
	public int inFlight() {
		return this.consumers.values().stream().mapToInt(ConsumerLanes::inFlight).sum();
	}

	/**
	 * @return the events held and not started yet (waiting for their key or a handler thread)
	 */
	public int queued() {
		return this.consumers.values().stream().mapToInt(ConsumerLanes::queued).sum();
	}

	/**
	 * @return the group's settings
	 */
	public KeyParallelism settings() {
		return this.settings;
	}

	// Pauses through the container, which applies it on the consumer thread at its next poll.
	private record ContainerIntake(ConcurrentMessageListenerContainer<String, byte[]> container)
			implements PausedPartitions.Intake {

		@Override
		public void pause(Collection<TopicPartition> partitions) {
			partitions.forEach(this.container::pausePartition);
		}

		@Override
		public void resume(Collection<TopicPartition> partitions) {
			partitions.forEach((partition) -> PartitionResumes.resumeEverywhere(this.container, partition));
		}

	}

}
