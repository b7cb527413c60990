package io.eventwire.internal;

import java.time.Duration;
import java.util.Map;
import java.util.NavigableSet;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads assigned partitions from where the consumer stands up to given offsets, before a deadline:
 * how eventwire reads its own topics (resolved dead letters, the dead-letter index, parked events)
 * to a known end.
 */
public final class PartitionReads {

	private static final Duration POLL = Duration.ofMillis(100);

	private PartitionReads() {
	}

	/**
	 * Poll until the consumer's position on every partition has reached its end offset. The
	 * position, not the last record's offset, decides: transaction markers take offsets too.
	 * @param <K> the key type
	 * @param <V> the value type
	 * @param consumer a consumer with the partitions assigned and positioned
	 * @param ends per partition, the offset to read up to (exclusive)
	 * @param timeout how long reading may take
	 * @param each what to do with every record read
	 * @param timedOut the exception to throw when the deadline passes, given the timeout
	 */
	public static <K, V> void readTo(Consumer<K, V> consumer, Map<TopicPartition, Long> ends, Duration timeout,
			java.util.function.Consumer<ConsumerRecord<K, V>> each, Function<Duration, RuntimeException> timedOut) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!reached(consumer, ends, timeout)) {
			if (System.nanoTime() > deadline) {
				throw timedOut.apply(timeout);
			}
			consumer.poll(POLL).forEach(each);
		}
	}

	/**
	 * Read the records at some offsets of one partition: runs of offsets close to each other are read
	 * through, with one seek for each run, and only the records at those offsets are handed on, so
	 * that what is kept does not grow with what lies between them.
	 * @param <K> the key type
	 * @param <V> the value type
	 * @param consumer a consumer with the partition assigned
	 * @param partition the partition
	 * @param offsets the offsets wanted, ascending
	 * @param seekGap how far apart two offsets are before the second is reached by a seek rather
	 * than by reading on
	 * @param timeout how long reading up to each offset may take
	 * @param each what to do with every record at one of the offsets (one no longer there is missed)
	 * @param timedOut the exception to throw when a deadline passes, given the timeout
	 */
	public static <K, V> void readOffsets(Consumer<K, V> consumer, TopicPartition partition, NavigableSet<Long> offsets,
			long seekGap, Duration timeout, java.util.function.Consumer<ConsumerRecord<K, V>> each,
			Function<Duration, RuntimeException> timedOut) {
		boolean positioned = false;
		for (long offset : offsets) {
			long position = positioned ? consumer.position(partition, timeout) : -1;
			if (position > offset) {
				// Read past already: handed on then, or no longer there.
				continue;
			}
			if (!positioned || offset - position > seekGap) {
				consumer.seek(partition, offset);
				positioned = true;
			}
			readTo(consumer, Map.of(partition, offset + 1), timeout, (record) -> {
				if (offsets.contains(record.offset())) {
					each.accept(record);
				}
			}, timedOut);
		}
	}

	private static boolean reached(Consumer<?, ?> consumer, Map<TopicPartition, Long> ends, Duration timeout) {
		for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
			if (consumer.position(end.getKey(), timeout) < end.getValue()) {
				return false;
			}
		}
		return true;
	}

}
