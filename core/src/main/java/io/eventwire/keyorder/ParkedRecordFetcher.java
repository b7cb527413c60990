package io.eventwire.keyorder;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.eventwire.DependencyUnavailableException;
import io.eventwire.internal.PartitionReads;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Reads parked events' records back from the parking topic by offset, when their key is released:
 * instances keep only what identifies a parked event in memory, however large or many they are.
 */
final class ParkedRecordFetcher {

	// Parked events further apart than this (other keys' records between them) are reached with a
	// seek rather than by reading on.
	private static final long SEEK_GAP = 500;

	private final Supplier<Consumer<String, byte[]>> consumers;

	private final TopicPartition partition;

	private final Duration timeout;

	private @Nullable Consumer<String, byte[]> consumer;

	ParkedRecordFetcher(Supplier<Consumer<String, byte[]>> consumers, String topic, Duration timeout) {
		this.consumers = consumers;
		this.partition = new TopicPartition(topic, ParkingRecords.PARTITION);
		this.timeout = timeout;
	}

	/**
	 * @param offsets where the records are, ascending
	 * @return the records found at those offsets, by offset (one no longer there is missing)
	 */
	synchronized Map<Long, ConsumerRecord<String, byte[]>> fetch(List<Long> offsets) {
		if (offsets.isEmpty()) {
			return Map.of();
		}
		Consumer<String, byte[]> consumer = consumer();
		Map<Long, ConsumerRecord<String, byte[]>> found = new HashMap<>();
		PartitionReads.readOffsets(consumer, this.partition, new TreeSet<>(offsets), SEEK_GAP, this.timeout,
				(record) -> found.put(record.offset(), record),
				(time) -> new DependencyUnavailableException("Parked events could not be read back from "
						+ this.partition.topic() + " in " + time));
		found.values().removeIf((record) -> record.value() == null);
		return found;
	}

	/**
	 * Read an event's record where it was consumed (a parked event that was too large to copy).
	 * @return the record, or {@code null} when it is no longer there (retention)
	 */
	@Nullable ConsumerRecord<String, byte[]> fetchOriginal(TopicPartition partition, long offset) {
		Map<Long, ConsumerRecord<String, byte[]>> found = new HashMap<>();
		try (Consumer<String, byte[]> original = this.consumers.get()) {
			original.assign(List.of(partition));
			PartitionReads.readOffsets(original, partition, new TreeSet<>(List.of(offset)), SEEK_GAP, this.timeout,
					(record) -> found.put(record.offset(), record),
					(time) -> new DependencyUnavailableException("Parked event " + partition + "@" + offset
							+ " could not be read back in " + time));
		}
		return found.get(offset);
	}

	synchronized void close() {
		if (this.consumer != null) {
			this.consumer.close();
			this.consumer = null;
		}
	}

	private Consumer<String, byte[]> consumer() {
		if (this.consumer == null) {
			Consumer<String, byte[]> consumer = this.consumers.get();
			consumer.assign(List.of(this.partition));
			this.consumer = consumer;
		}
		return this.consumer;
	}

}
