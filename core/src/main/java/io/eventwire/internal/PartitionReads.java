package io.eventwire.internal;

import java.time.Duration;
import java.util.Map;
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

	private static boolean reached(Consumer<?, ?> consumer, Map<TopicPartition, Long> ends, Duration timeout) {
		for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
			if (consumer.position(end.getKey(), timeout) < end.getValue()) {
				return false;
			}
		}
		return true;
	}

}
