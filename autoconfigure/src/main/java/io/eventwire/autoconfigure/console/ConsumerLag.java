package io.eventwire.autoconfigure.console;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Each consumer group's lag per partition, asked of Kafka when the console asks (the console
 * refreshes on demand, so no admin client stays open between its requests).
 */
final class ConsumerLag {

	private static final long TIMEOUT_SECONDS = 10;

	private final Supplier<Admin> admins;

	ConsumerLag(Supplier<Admin> admins) {
		this.admins = admins;
	}

	/**
	 * @param topicsByGroup each group's topics
	 * @return per group, each partition's lag, in topic and partition order
	 * @throws IllegalStateException if Kafka does not answer
	 */
	Map<String, List<PartitionLag>> of(Map<String, ? extends Collection<String>> topicsByGroup) {
		Map<String, List<PartitionLag>> lags = new LinkedHashMap<>();
		try (Admin admin = this.admins.get()) {
			List<String> topics = topicsByGroup.values().stream().flatMap(Collection::stream).distinct().toList();
			Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
			get(admin.describeTopics(topics).allTopicNames()).forEach((topic, description) -> description.partitions()
				.forEach((partition) -> latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest())));
			Map<TopicPartition, ListOffsetsResultInfo> ends = get(admin.listOffsets(latest).all());
			topicsByGroup.forEach((groupId, groupTopics) -> {
				Map<TopicPartition, OffsetAndMetadata> committed = get(
						admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
				List<PartitionLag> partitions = new ArrayList<>();
				ends.entrySet()
					.stream()
					.filter((end) -> groupTopics.contains(end.getKey().topic()))
					.sorted(Map.Entry.comparingByKey(
							java.util.Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition)))
					.forEach((end) -> {
						OffsetAndMetadata offset = committed.get(end.getKey());
						long position = (offset != null) ? offset.offset() : -1;
						long endOffset = end.getValue().offset();
						partitions.add(new PartitionLag(end.getKey().topic(), end.getKey().partition(), position, endOffset,
								(position >= 0) ? Math.max(0, endOffset - position) : endOffset));
					});
				lags.put(groupId, partitions);
			});
		}
		return lags;
	}

	private static <T> T get(KafkaFuture<T> future) {
		try {
			return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while asking Kafka for the consumer lag", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Kafka did not tell the consumer lag: " + ex, ex);
		}
	}

	/**
	 * One partition of a group.
	 *
	 * @param topic the topic
	 * @param partition the partition
	 * @param committed the group's committed offset, -1 when it has none
	 * @param end the partition's end offset
	 * @param lag the events not handled yet (all of them without a committed offset)
	 */
	record PartitionLag(String topic, int partition, long committed, long end, long lag) {
	}

}
