package io.eventwire.autoconfigure.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.eventwire.rewind.GroupOffsets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * Each consumer group's lag per partition, asked of Kafka when the console asks (the console
 * refreshes on demand, so no admin client stays open between its requests).
 */
final class ConsumerLag {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Comparator<TopicPartition> ORDER = Comparator.comparing(TopicPartition::topic)
		.thenComparingInt(TopicPartition::partition);

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
			topicsByGroup.forEach((groupId, groupTopics) -> {
				GroupOffsets offsets = new GroupOffsets(admin, groupId, TIMEOUT);
				Set<String> topics = new LinkedHashSet<>(groupTopics);
				Map<TopicPartition, Long> committed = offsets.committed(topics);
				Map<TopicPartition, Long> ends = new TreeMap<>(ORDER);
				ends.putAll(offsets.ends(topics));
				List<PartitionLag> partitions = new ArrayList<>();
				ends.forEach((partition, end) -> {
					long position = committed.getOrDefault(partition, -1L);
					partitions.add(new PartitionLag(partition.topic(), partition.partition(), position, end,
							(position >= 0) ? Math.max(0, end - position) : end));
				});
				lags.put(groupId, partitions);
			});
		}
		return lags;
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
