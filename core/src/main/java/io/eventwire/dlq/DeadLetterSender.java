package io.eventwire.dlq;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import io.eventwire.internal.KafkaSends;
import io.eventwire.internal.RecordDescriptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.KafkaBackoffException;
import org.springframework.kafka.listener.SeekUtils;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Writes a dead letter and waits for the broker: shrunk ({@link DeadLetterShrinking}) while the
 * topic refuses it as too large; when the topic takes nothing at all (it refuses writes, the
 * broker is away), a {@link KafkaBackoffException} says how long the event's partition waits
 * before it is tried again, with a back-off that grows while the same event keeps failing, so that
 * a poison event is never retried in a tight loop.
 */
final class DeadLetterSender {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterSender.class);

	// How each step of DeadLetterShrinking left the dead letter.
	private static final String[] SHRUNK = { "without its stack trace",
			"without its stack trace and with a shortened exception message",
			"without its payload, naming where the event is" };

	private final BackOff backOff;

	// Per group and event: the back-off of an event whose dead letter could not be written. One per
	// partition when a partition's events are handled in turn, one per key when keys go side by side.
	private final Map<GroupRecord, BackOffExecution> waiting = new ConcurrentHashMap<>();

	DeadLetterSender(BackOff backOff) {
		this.backOff = backOff;
	}

	/**
	 * @param groupId the consumer group that failed the event
	 * @throws KafkaBackoffException when the dead letter could not be written in any form: its
	 * {@link KafkaBackoffException#getDueTimestamp() due time} is when to try again
	 */
	void send(ProducerRecord<Object, Object> deadLetter, KafkaOperations<Object, Object> kafka,
			ConsumerRecord<?, ?> failed, String groupId, Duration timeout) {
		GroupPartition partition = new GroupPartition(groupId, new TopicPartition(failed.topic(), failed.partition()));
		List<UnaryOperator<ProducerRecord<Object, Object>>> steps = DeadLetterShrinking.steps(failed);
		ProducerRecord<Object, Object> letter = deadLetter;
		for (int shrunk = 0;; shrunk++) {
			KafkaSends.SendFailedException failure = sendAndWait(letter, kafka, timeout);
			if (failure == null) {
				if (shrunk > 0) {
					logger.warn("The dead letter of {} was larger than {} takes: written {}",
							RecordDescriptions.describe(failed), deadLetter.topic(), SHRUNK[shrunk - 1]);
				}
				this.waiting.remove(new GroupRecord(partition, failed.offset()));
				return;
			}
			if (!failure.isTooLarge() || shrunk == steps.size()) {
				throw backOff(partition, failed, deadLetter.topic(), failure);
			}
			letter = steps.get(shrunk).apply(letter);
		}
	}

	/**
	 * @return whether the dead letter of the event at this offset could not be written before
	 */
	boolean isWaiting(String groupId, TopicPartition partition, long offset) {
		return this.waiting.containsKey(new GroupRecord(new GroupPartition(groupId, partition), offset));
	}

	/**
	 * Forget what failed on partitions a group's consumer here no longer holds.
	 */
	void revoked(String groupId, TopicPartition partition) {
		GroupPartition revoked = new GroupPartition(groupId, partition);
		this.waiting.keySet().removeIf((event) -> event.partition().equals(revoked));
	}

	private KafkaBackoffException backOff(GroupPartition partition, ConsumerRecord<?, ?> failed, String topic,
			Exception failure) {
		BackOffExecution execution = this.waiting.computeIfAbsent(new GroupRecord(partition, failed.offset()),
				(event) -> this.backOff.start());
		long next = execution.nextBackOff();
		long millis = (next == BackOffExecution.STOP) ? 1_000 : next;
		return new DeadLetterNotWritten("The dead letter of " + RecordDescriptions.describe(failed)
				+ " could not be written to " + topic + " (" + failure + "); its partition waits " + millis
				+ " ms and it is tried again", partition.partition(), partition.groupId(), System.currentTimeMillis() + millis,
				failure);
	}

	// The failure, or null when the broker took it.
	private static KafkaSends.@Nullable SendFailedException sendAndWait(ProducerRecord<Object, Object> record,
			KafkaOperations<Object, Object> kafka, Duration timeout) {
		try {
			KafkaSends.sendAndWait(kafka, record, timeout);
			return null;
		}
		catch (KafkaSends.SendFailedException ex) {
			return ex;
		}
	}

	/**
	 * Says how long the partition waits; {@link SeekUtils} logs such an exception at DEBUG, not as an
	 * error on every attempt. Its cause is why the dead letter was not written.
	 */
	static final class DeadLetterNotWritten extends KafkaBackoffException {

		private static final long serialVersionUID = 1L;

		private final Exception failure;

		DeadLetterNotWritten(String message, TopicPartition partition, String groupId, long dueTimestamp,
				Exception failure) {
			super(message, partition, groupId, dueTimestamp);
			this.failure = failure;
		}

		@Override
		public synchronized Throwable getCause() {
			return this.failure;
		}

	}

}
