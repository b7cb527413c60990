package io.eventwire.dlq;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.eventwire.EventHeaders;
import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.LogSafe;
import io.eventwire.internal.RecordDescriptions;
import io.eventwire.internal.RecordLogContext;
import io.eventwire.metrics.EventMetrics;
import io.eventwire.retry.ConsumerGroupStates;
import io.eventwire.retry.PartitionPause;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.KafkaBackoffException;
import org.springframework.kafka.listener.RetryListener;

/**
 * Watches every failed attempt: logs it with the event's coordinates and its correlation id in the
 * MDC, counts it, tells the consumer group's {@link ConsumerGroupStates state} when the failure
 * means waiting for a dependency, and remembers the first failure and the number of attempts of
 * the event being retried on each partition of each consumer group, which the
 * {@link DeadLetterPublisher} writes into the dead letter.
 * <p>
 * Attempts that wait for a dependency are logged at DEBUG: the wait itself is logged once when it
 * starts and once when it ends.
 */
public class EventRetryListener implements RetryListener {

	private static final Logger logger = LoggerFactory.getLogger(EventRetryListener.class);

	private final FailureClassifier classifier;

	private final int maxRetries;

	private final EventMetrics metrics;

	private final @Nullable String retryTopic;

	private final ConsumerGroupStates states;

	// One entry per group and partition at most: a partition retries one record at a time.
	private final Map<GroupPartition, FailedEvent> failing = new ConcurrentHashMap<>();

	// Per group and partition, the offset of the event whose dead letter could not be written.
	private final Map<GroupPartition, Long> waitingForDeadLetterTopic = new ConcurrentHashMap<>();

	// Per consumer thread, the pause that a dead letter that could not be written asks for.
	private final ThreadLocal<@Nullable PartitionPause> recoveryPause = new ThreadLocal<>();

	// Per thread that handles keys side by side, the failures of the event it dead-letters now: its
	// partition may have other events failing at the same time.
	private final ThreadLocal<@Nullable FailedEvent> counted = new ThreadLocal<>();

	// The partition whose failure the consumer thread handles now, for the back-off that follows.
	private final ThreadLocal<@Nullable TopicPartition> current = new ThreadLocal<>();

	/**
	 * @param classifier decides which failures are retried, and which wait for a dependency
	 * @param maxRetries retries after the first attempt
	 * @param metrics counts failures and retries
	 * @param retryTopic the service's retry topic, whose records count under their original topic,
	 * or {@code null} when there is none
	 * @param states each consumer group's waits
	 */
	public EventRetryListener(FailureClassifier classifier, int maxRetries, EventMetrics metrics,
			@Nullable String retryTopic, ConsumerGroupStates states) {
		this.classifier = classifier;
		this.maxRetries = maxRetries;
		this.metrics = metrics;
		this.retryTopic = retryTopic;
		this.states = states;
		states.onRevoked(this::revoked);
	}

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, Exception exception, int deliveryAttempt) {
		Throwable failure = Failures.unwrap(exception);
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		this.current.set(partition);
		GroupPartition key = new GroupPartition(GroupPartition.currentGroup(), partition);
		FailedEvent previous = this.failing.get(key);
		Throwable first = (previous != null && previous.offset() == record.offset() && deliveryAttempt > 1)
				? previous.firstFailure() : failure;
		this.failing.put(key, new FailedEvent(record.offset(), first, deliveryAttempt));

		String topic = topic(record);
		String type = HeaderValues.get(record, EventHeaders.TYPE);
		boolean waits = this.classifier.isTransient(failure);
		boolean retryable = waits || this.classifier.isRetryable(failure);
		this.metrics.failed(topic, type);
		if (waits || (retryable && deliveryAttempt <= this.maxRetries)) {
			this.metrics.retried(topic, type);
		}
		try (RecordLogContext context = RecordLogContext.open(record)) {
			if (waits) {
				this.states.forGroup(key.groupId()).waiting(partition, record.offset(), RecordDescriptions.describe(record), failure);
				if (logger.isDebugEnabled()) {
					logger.debug("Attempt {} to handle {} failed, waiting for a dependency: {}", deliveryAttempt,
							RecordDescriptions.describe(record), LogSafe.escape(failure.toString()));
				}
				return;
			}
			String outcome = !retryable ? "not retrying"
					: (deliveryAttempt <= this.maxRetries) ? "will retry" : "retries exhausted";
			if (Objects.equals(this.waitingForDeadLetterTopic.get(key), record.offset())) {
				// It waits for the dead-letter topic, which was logged once when the wait began.
				logger.debug("Attempt {} to handle {} failed, {}: {}", deliveryAttempt, RecordDescriptions.describe(record),
						outcome, LogSafe.escape(failure.toString()));
				return;
			}
			logger.warn("Attempt {} to handle {} failed, {}: {}", deliveryAttempt, RecordDescriptions.describe(record), outcome,
					LogSafe.escape(failure.toString()));
		}
	}

	@Override
	public void recovered(ConsumerRecord<?, ?> record, @Nullable Exception exception) {
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		String groupId = GroupPartition.currentGroup();
		this.failing.remove(new GroupPartition(groupId, partition));
		this.waitingForDeadLetterTopic.remove(new GroupPartition(groupId, partition));
		this.states.forGroup(groupId).recovered(partition);
	}

	/**
	 * The dead letter could not be written: when the recoverer said how long to wait (a
	 * {@link KafkaBackoffException}), the partition waits for the dead-letter topic like for any
	 * unavailable dependency (logged once, shown in the health details) and
	 * {@link #takeRecoveryPause()} tells the error handler for how long to pause it.
	 */
	@Override
	public void recoveryFailed(ConsumerRecord<?, ?> record, Exception original, Exception failure) {
		if (!(failure instanceof KafkaBackoffException backOff)) {
			return;
		}
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		this.recoveryPause.set(new PartitionPause(partition,
				Math.max(1, backOff.getDueTimestamp() - System.currentTimeMillis())));
		this.waitingForDeadLetterTopic.put(new GroupPartition(GroupPartition.currentGroup(), partition), record.offset());
		try (RecordLogContext context = RecordLogContext.open(record)) {
			this.states.forGroup(GroupPartition.currentGroup())
				.waiting(partition, record.offset(), RecordDescriptions.describe(record),
						(failure.getCause() != null) ? failure.getCause() : failure);
		}
	}

	/**
	 * @return how long to pause the partition whose dead letter the calling consumer thread could
	 * not write just now, once (the next call answers {@code null}), or {@code null}
	 */
	public @Nullable PartitionPause takeRecoveryPause() {
		PartitionPause pause = this.recoveryPause.get();
		this.recoveryPause.remove();
		return pause;
	}

	/**
	 * Dead-letter an event whose failures the caller counted itself, where a partition's events of
	 * different keys are handled side by side (several of them can fail at once): the dead letter
	 * names this event's first failure and attempts, and only this event stops waiting.
	 * @param record the event
	 * @param firstFailure its first failure
	 * @param attempts how often it was tried
	 * @param recovery writes its dead letter
	 */
	public void recover(ConsumerRecord<?, ?> record, Throwable firstFailure, int attempts, Runnable recovery) {
		this.counted.set(new FailedEvent(record.offset(), Failures.unwrap(firstFailure), attempts));
		try {
			recovery.run();
		}
		finally {
			this.counted.remove();
		}
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		GroupPartition key = new GroupPartition(GroupPartition.currentGroup(), partition);
		this.failing.computeIfPresent(key, (k, failed) -> (failed.offset() == record.offset()) ? null : failed);
		this.waitingForDeadLetterTopic.remove(key, record.offset());
		this.states.forGroup(key.groupId()).recovered(partition, record.offset());
	}

	// What was known of the failures on a partition is another consumer's business once it is revoked.
	private void revoked(String groupId, Collection<TopicPartition> partitions) {
		partitions.forEach((partition) -> {
			this.failing.remove(new GroupPartition(groupId, partition));
			this.waitingForDeadLetterTopic.remove(new GroupPartition(groupId, partition));
		});
	}

	/**
	 * @return the partition of the event whose failure the calling consumer thread handles now
	 */
	public @Nullable TopicPartition failingPartition() {
		return this.current.get();
	}

	/**
	 * The first failure and the attempts so far of the record at these coordinates, if it is the
	 * one being retried on its partition by the calling consumer thread's group.
	 * @param record the record
	 * @return what is known of its failures, or {@code null}
	 */
	@Nullable FailedEvent failures(ConsumerRecord<?, ?> record) {
		FailedEvent counted = this.counted.get();
		if (counted != null && counted.offset() == record.offset()) {
			return counted;
		}
		FailedEvent failed = this.failing
			.get(new GroupPartition(GroupPartition.currentGroup(), new TopicPartition(record.topic(), record.partition())));
		return (failed != null && failed.offset() == record.offset()) ? failed : null;
	}

	String topic(ConsumerRecord<?, ?> record) {
		if (record.topic().equals(this.retryTopic)) {
			String original = HeaderValues.get(record, EventHeaders.ORIGINAL_TOPIC);
			if (original != null && !original.isEmpty()) {
				return original;
			}
		}
		return record.topic();
	}

	/**
	 * What is known of the failures of the record being retried on a partition.
	 *
	 * @param offset the record's offset
	 * @param firstFailure the first exception
	 * @param attempts the attempts so far
	 */
	record FailedEvent(long offset, Throwable firstFailure, int attempts) {
	}


}
