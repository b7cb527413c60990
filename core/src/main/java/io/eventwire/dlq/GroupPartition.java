package io.eventwire.dlq;

import java.util.Objects;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.support.KafkaUtils;

/**
 * A partition as one consumer group's consumer holds it: what the error handling keeps of a
 * failing record (its retries, its dead letter, a wait for the dead-letter topic) is per group,
 * since several groups can fail the same record at once.
 *
 * @param groupId the consumer group
 * @param partition the partition
 */
record GroupPartition(String groupId, TopicPartition partition) {

	/**
	 * @return the record's partition, for the group of the consumer thread calling (the error
	 * handler runs on it)
	 */
	static GroupPartition of(ConsumerRecord<?, ?> record) {
		return new GroupPartition(currentGroup(), new TopicPartition(record.topic(), record.partition()));
	}

	/**
	 * @return the group of the consumer thread calling, or empty outside a consumer thread
	 */
	static String currentGroup() {
		return Objects.requireNonNullElse(KafkaUtils.getConsumerGroupId(), "");
	}

}
