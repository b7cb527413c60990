package io.eventwire.rewind;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * What eventwire asks of Kafka about one consumer group's offsets, through an admin client: a
 * rewind (its members, the offsets it reached, where to go back to, the move), and the lag the
 * operator's console shows (what it committed, where its partitions end).
 */
public final class GroupOffsets {

	private final Admin admin;

	private final String groupId;

	private final Duration timeout;

	/**
	 * @param admin asks Kafka (the caller closes it)
	 * @param groupId the consumer group
	 * @param timeout how long each question may take
	 */
	public GroupOffsets(Admin admin, String groupId, Duration timeout) {
		this.admin = admin;
		this.groupId = groupId;
		this.timeout = timeout;
	}

	/**
	 * Wait until the group has no member: every instance stopped its consumers.
	 */
	void awaitEmpty() {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		GroupState state = state();
		while (state != GroupState.EMPTY && state != GroupState.DEAD) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Consumer group '" + this.groupId + "' still has members after "
						+ this.timeout + " (state " + state + "): an instance did not stop its consumers");
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the consumers to stop", ex);
			}
			state = state();
		}
	}

	/**
	 * @param topics the topics
	 * @return the committed offset of each partition of the topics that has one
	 * @throws IllegalStateException if Kafka refused or did not answer
	 */
	public Map<TopicPartition, Long> committed(Set<String> topics) {
		Map<TopicPartition, OffsetAndMetadata> all = get(
				this.admin.listConsumerGroupOffsets(this.groupId).partitionsToOffsetAndMetadata());
		Map<TopicPartition, Long> committed = new LinkedHashMap<>();
		all.forEach((partition, offset) -> {
			if (offset != null && topics.contains(partition.topic())) {
				committed.put(partition, offset.offset());
			}
		});
		return committed;
	}

	/**
	 * @return per partition, the first offset whose record's timestamp is at or after the time; the
	 * end of the partition when there is none
	 */
	Map<TopicPartition, Long> firstAtOrAfter(Set<TopicPartition> partitions, Instant from) {
		OffsetSpec spec = Instant.EPOCH.equals(from) ? OffsetSpec.earliest() : OffsetSpec.forTimestamp(from.toEpochMilli());
		Map<TopicPartition, OffsetSpec> byTime = new LinkedHashMap<>();
		Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
		partitions.forEach((partition) -> {
			byTime.put(partition, spec);
			latest.put(partition, OffsetSpec.latest());
		});
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found = get(this.admin.listOffsets(byTime).all());
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = get(this.admin.listOffsets(latest).all());
		Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
		for (TopicPartition partition : partitions) {
			long offset = found.get(partition).offset();
			offsets.put(partition, (offset >= 0) ? offset : ends.get(partition).offset());
		}
		return offsets;
	}

	/**
	 * @param topics the topics
	 * @return the end offset of every partition of the topics
	 * @throws IllegalStateException if Kafka refused or did not answer
	 */
	public Map<TopicPartition, Long> ends(Set<String> topics) {
		Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
		get(this.admin.describeTopics(topics).allTopicNames()).forEach((topic, description) -> description.partitions()
			.forEach((partition) -> latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest())));
		Map<TopicPartition, Long> ends = new LinkedHashMap<>();
		get(this.admin.listOffsets(latest).all()).forEach((partition, info) -> ends.put(partition, info.offset()));
		return ends;
	}

	/**
	 * Commit the offsets for the (empty) group.
	 */
	void moveTo(Map<TopicPartition, OffsetAndMetadata> offsets) {
		get(this.admin.alterConsumerGroupOffsets(this.groupId, offsets).all());
	}

	private GroupState state() {
		return get(this.admin.describeConsumerGroups(List.of(this.groupId)).describedGroups().get(this.groupId))
			.groupState();
	}

	private <T> T get(KafkaFuture<T> future) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while asking Kafka about consumer group " + this.groupId, ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Kafka refused a request about consumer group " + this.groupId + ": "
					+ ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Kafka did not answer about consumer group " + this.groupId + " in "
					+ this.timeout, ex);
		}
	}

}
