package io.eventwire.retry;

import org.apache.kafka.common.TopicPartition;

/**
 * A partition to pause, and for how long: one whose event's dead letter could not be written, say.
 *
 * @param partition the partition
 * @param millis for how long, in milliseconds
 */
public record PartitionPause(TopicPartition partition, long millis) {
}
