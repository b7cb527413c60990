package io.eventwire.dlq;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import io.eventwire.EventHeaders;
import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.PartitionReads;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * This service's pending dead letters, without their payloads: read once from the dead-letter
 * topic from the service's committed offsets on, and then only what is new. Other services' dead
 * letters are passed over and not kept, so memory grows with this service's pending dead letters
 * alone, however many the shared topic holds.
 */
final class DeadLetterIndex {

	private final String topic;

	private final String serviceName;

	private final Duration timeout;

	// Next offset to read, per partition; empty until the first catch-up.
	private final Map<TopicPartition, Long> positions = new HashMap<>();

	private final TreeMap<Position, DeadLetter> pending = new TreeMap<>();

	private final Map<String, Position> byId = new HashMap<>();

	// The pending dead letters of each key of each group, so that finding an earlier one of a key
	// does not scan them all. Per group: each group handles the key's events on its own.
	private final Map<GroupKey, Set<Position>> byKey = new HashMap<>();

	DeadLetterIndex(String topic, String serviceName, Duration timeout) {
		this.topic = topic;
		this.serviceName = serviceName;
		this.timeout = timeout;
	}

	/**
	 * Read what arrived since the last call.
	 * @param consumer a consumer of the service's {@code dlq-<service>} group
	 * @param resolved whether a dead letter (by event id) was replayed or discarded already
	 */
	void catchUp(Consumer<String, byte[]> consumer, Predicate<String> resolved) {
		List<PartitionInfo> infos = consumer.partitionsFor(this.topic, this.timeout);
		if (infos == null || infos.isEmpty()) {
			return;
		}
		List<TopicPartition> partitions = infos.stream().map((info) -> new TopicPartition(this.topic, info.partition())).toList();
		consumer.assign(partitions);
		List<TopicPartition> unread = partitions.stream().filter((p) -> !this.positions.containsKey(p)).toList();
		if (!unread.isEmpty()) {
			Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(unread), this.timeout);
			Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(unread, this.timeout);
			for (TopicPartition partition : unread) {
				OffsetAndMetadata offset = committed.get(partition);
				this.positions.put(partition, Math.max(beginnings.get(partition), (offset != null) ? offset.offset() : 0));
			}
		}
		partitions.forEach((partition) -> consumer.seek(partition, this.positions.get(partition)));
		Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, this.timeout);
		PartitionReads.readTo(consumer, ends, this.timeout, (record) -> {
			if (this.serviceName.equals(HeaderValues.get(record, EventHeaders.SERVICE))) {
				DeadLetter letter = DeadLetterRecords.toDeadLetter(record, false);
				if (!resolved.test(letter.eventId())) {
					add(letter);
				}
			}
		}, (timeout) -> new IllegalStateException("Timed out reading the dead-letter topic " + this.topic + " in "
				+ timeout));
		partitions.forEach((partition) -> this.positions.put(partition, consumer.position(partition, this.timeout)));
	}

	/**
	 * Forget what another instance resolved: dead letters it replayed or discarded, and those below
	 * the offsets it committed.
	 * @param resolvedIds event ids of dead letters resolved since the last call
	 * @param committed the group's committed offsets
	 */
	void forgetResolved(Set<String> resolvedIds, Map<TopicPartition, OffsetAndMetadata> committed) {
		resolvedIds.forEach(this::remove);
		List<String> covered = new ArrayList<>();
		committed.forEach((partition, offset) -> {
			if (offset != null) {
				this.pending.subMap(new Position(partition.partition(), -1), new Position(partition.partition(), offset.offset()))
					.values()
					.forEach((letter) -> covered.add(letter.eventId()));
			}
		});
		covered.forEach(this::remove);
	}

	/**
	 * @return the partitions of the dead-letter topic read so far
	 */
	Set<TopicPartition> partitions() {
		return this.positions.keySet();
	}

	private void add(DeadLetter letter) {
		Position position = new Position(letter.partition(), letter.offset());
		this.pending.put(position, letter);
		this.byId.put(letter.eventId(), position);
		if (letter.key() != null) {
			this.byKey.computeIfAbsent(GroupKey.of(letter), (key) -> new HashSet<>())
				.add(position);
		}
	}

	Optional<DeadLetter> find(String eventId) {
		Position position = this.byId.get(eventId);
		return (position != null) ? Optional.of(this.pending.get(position)) : Optional.empty();
	}

	void remove(String eventId) {
		Position position = this.byId.remove(eventId);
		if (position == null) {
			return;
		}
		DeadLetter letter = this.pending.remove(position);
		if (letter != null && letter.key() != null) {
			GroupKey key = GroupKey.of(letter);
			Set<Position> ofKey = this.byKey.get(key);
			ofKey.remove(position);
			if (ofKey.isEmpty()) {
				this.byKey.remove(key);
			}
		}
	}

	/**
	 * @return the pending dead letters, oldest first (by when they failed, then where they are)
	 */
	List<DeadLetter> oldestFirst() {
		List<DeadLetter> letters = new ArrayList<>(this.pending.values());
		letters.sort(Comparator.comparing((DeadLetter letter) -> (letter.failedAt() != null) ? letter.failedAt()
				: Instant.EPOCH).thenComparing(DeadLetter::partition).thenComparing(DeadLetter::offset));
		return letters;
	}

	/**
	 * @return a pending dead letter of the same event key and consumer group that came before this
	 * one, which must be replayed or discarded first so that the key's events stay in order in that group
	 */
	Optional<DeadLetter> earlierOfSameKey(DeadLetter letter) {
		if (letter.key() == null) {
			return Optional.empty();
		}
		return this.byKey.getOrDefault(GroupKey.of(letter), Set.of())
			.stream()
			.map(this.pending::get)
			.filter((other) -> isBefore(other, letter))
			.min(Comparator.comparing(DeadLetter::partition).thenComparing(DeadLetter::offset));
	}

	// Dead letters of one key come from one partition and go to the same partition of the
	// dead-letter topic, where their offsets give their order; across partitions, when they failed.
	private static boolean isBefore(DeadLetter one, DeadLetter other) {
		if (one.partition() == other.partition()) {
			return one.offset() < other.offset();
		}
		Instant oneFailed = (one.failedAt() != null) ? one.failedAt() : Instant.EPOCH;
		Instant otherFailed = (other.failedAt() != null) ? other.failedAt() : Instant.EPOCH;
		return oneFailed.isBefore(otherFailed);
	}

	/**
	 * @return per partition, the offset before which no dead letter of this service is pending:
	 * where a restart may begin reading
	 */
	Map<TopicPartition, OffsetAndMetadata> lowWaterMarks() {
		Map<TopicPartition, OffsetAndMetadata> marks = new LinkedHashMap<>();
		this.positions.forEach((partition, position) -> {
			Map.Entry<Position, DeadLetter> first = this.pending.ceilingEntry(new Position(partition.partition(), -1));
			long mark = (first != null && first.getKey().partition() == partition.partition()) ? first.getKey().offset()
					: position;
			marks.put(partition, new OffsetAndMetadata(mark));
		});
		return marks;
	}

	int size() {
		return this.pending.size();
	}

	private record GroupKey(String group, String topic, String key) {

		static GroupKey of(DeadLetter letter) {
			return new GroupKey(letter.consumerGroup(), letter.originalTopic(), letter.key());
		}

	}

	private record Position(int partition, long offset) implements Comparable<Position> {

		@Override
		public int compareTo(Position other) {
			int byPartition = Integer.compare(this.partition, other.partition);
			return (byPartition != 0) ? byPartition : Long.compare(this.offset, other.offset);
		}

	}

}
