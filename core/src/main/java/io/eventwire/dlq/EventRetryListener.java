package io.eventwire.dlq;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.eventwire.EventHeaders;
import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.LogSafe;
import io.eventwire.metrics.EventMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.RetryListener;

/**
 * Watches every failed attempt: logs it at WARN with the event's coordinates, counts it, and
 * remembers the first failure and the number of attempts of the event being retried on each
 * partition, which the {@link DeadLetterPublisher} writes into the dead letter.
 */
public class EventRetryListener implements RetryListener {

	private static final Logger logger = LoggerFactory.getLogger(EventRetryListener.class);

	private final FailureClassifier classifier;

	private final int maxRetries;

	private final EventMetrics metrics;

	private final @Nullable String retryTopic;

	// One entry per partition at most: a partition retries one record at a time.
	private final Map<TopicPartition, FailedEvent> failing = new ConcurrentHashMap<>();

	/**
	 * @param classifier decides which failures are retried
	 * @param maxRetries retries after the first attempt
	 * @param metrics counts failures and retries
	 * @param retryTopic the service's retry topic, whose records count under their original topic,
	 * or {@code null} when there is none
	 */
	public EventRetryListener(FailureClassifier classifier, int maxRetries, EventMetrics metrics,
			@Nullable String retryTopic) {
		this.classifier = classifier;
		this.maxRetries = maxRetries;
		this.metrics = metrics;
		this.retryTopic = retryTopic;
	}

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, Exception exception, int deliveryAttempt) {
		Throwable failure = Failures.unwrap(exception);
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		FailedEvent previous = this.failing.get(partition);
		Throwable first = (previous != null && previous.offset() == record.offset() && deliveryAttempt > 1)
				? previous.firstFailure() : failure;
		this.failing.put(partition, new FailedEvent(record.offset(), first, deliveryAttempt));

		String topic = topic(record);
		String type = HeaderValues.get(record, EventHeaders.TYPE);
		boolean willRetry = this.classifier.isRetryable(failure) && deliveryAttempt <= this.maxRetries;
		this.metrics.failed(topic, type);
		if (willRetry) {
			this.metrics.retried(topic, type);
		}
		logger.warn("Attempt {} to handle event of type '{}' (event id {}) at {}-{}@{} failed{}: {}", deliveryAttempt,
				LogSafe.escape(type), LogSafe.escape(HeaderValues.get(record, EventHeaders.EVENT_ID)), record.topic(),
				record.partition(), record.offset(), willRetry ? ", will retry" : ", not retrying",
				LogSafe.escape(failure.toString()));
	}

	/**
	 * The first failure and the attempts so far of the record at these coordinates, if it is the
	 * one being retried on its partition.
	 * @param record the record
	 * @return what is known of its failures, or {@code null}
	 */
	@Nullable FailedEvent failures(ConsumerRecord<?, ?> record) {
		FailedEvent failed = this.failing.get(new TopicPartition(record.topic(), record.partition()));
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
