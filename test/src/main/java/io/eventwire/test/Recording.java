package io.eventwire.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an {@link EventRecorder} recorded since it was started: events published to the recorded
 * topics after that moment, in the order of each partition. Not thread-safe; close it when done.
 */
public final class Recording implements AutoCloseable {

	private static final Duration POLL = Duration.ofMillis(100);

	private final KafkaConsumer<String, byte[]> consumer;

	private final List<String> topics;

	private final JsonMapper jsonMapper;

	private final Map<TopicPartition, Long> assigned = new HashMap<>();

	private final List<RecordedEvent> events = new ArrayList<>();

	Recording(Map<String, Object> configs, String[] topics, JsonMapper jsonMapper) {
		this.consumer = new KafkaConsumer<>(configs);
		this.topics = List.of(topics);
		this.jsonMapper = jsonMapper;
		// Partitions known now start at their end; any that appear later start at their beginning.
		assign(true);
	}

	/**
	 * @return the events recorded so far, without waiting
	 */
	public List<RecordedEvent> events() {
		poll(Duration.ZERO);
		return Collections.unmodifiableList(new ArrayList<>(this.events));
	}

	/**
	 * Wait until an event of the type was recorded.
	 * @param type the event type
	 * @param timeout how long to wait
	 * @return the first such event
	 * @throws AssertionError if none arrived in time
	 */
	public RecordedEvent awaitEvent(String type, Duration timeout) {
		return awaitEvents((event) -> type.equals(event.type()), 1, timeout).get(0);
	}

	/**
	 * Wait until the number of events was recorded.
	 * @param count how many
	 * @param timeout how long to wait
	 * @return all events recorded by then (at least {@code count})
	 * @throws AssertionError if fewer arrived in time
	 */
	public List<RecordedEvent> awaitEvents(int count, Duration timeout) {
		return awaitEvents((event) -> true, count, timeout);
	}

	/**
	 * Wait until the number of matching events was recorded.
	 * @param filter which events count
	 * @param count how many
	 * @param timeout how long to wait
	 * @return the matching events recorded by then
	 * @throws AssertionError if fewer arrived in time
	 */
	public List<RecordedEvent> awaitEvents(Predicate<RecordedEvent> filter, int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			List<RecordedEvent> matching = this.events.stream().filter(filter).toList();
			if (matching.size() >= count) {
				return matching;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Expected " + count + " matching events on "
						+ (this.topics.isEmpty() ? "all topics" : this.topics) + " within "
						+ timeout + " but recorded " + matching.size() + "; all recorded: " + this.events);
			}
			poll(POLL);
		}
	}

	private void poll(Duration timeout) {
		assign(false);
		if (this.assigned.isEmpty()) {
			return;
		}
		for (ConsumerRecord<String, byte[]> record : this.consumer.poll(timeout)) {
			this.events.add(new RecordedEvent(record.topic(), record.partition(), record.offset(), record.key(),
					record.headers(), record.value(), this.jsonMapper));
		}
	}

	private void assign(boolean fromEnd) {
		List<TopicPartition> partitions = new ArrayList<>();
		for (String topic : this.topics.isEmpty() ? allTopics() : this.topics) {
			List<PartitionInfo> infos = this.consumer.partitionsFor(topic, Duration.ofSeconds(10));
			if (infos != null) {
				infos.forEach((info) -> partitions.add(new TopicPartition(topic, info.partition())));
			}
		}
		if (Set.copyOf(partitions).equals(this.assigned.keySet())) {
			return;
		}
		Map<TopicPartition, Long> starts = fromEnd ? this.consumer.endOffsets(partitions) : Map.of();
		List<TopicPartition> added = partitions.stream().filter((partition) -> !this.assigned.containsKey(partition)).toList();
		this.consumer.assign(partitions);
		for (TopicPartition partition : added) {
			long start = starts.getOrDefault(partition, 0L);
			this.consumer.seek(partition, start);
			this.assigned.put(partition, start);
		}
	}

	private List<String> allTopics() {
		return this.consumer.listTopics(Duration.ofSeconds(10))
			.keySet()
			.stream()
			.filter((topic) -> !topic.startsWith("__"))
			.sorted()
			.toList();
	}

	@Override
	public void close() {
		this.consumer.close(Duration.ofSeconds(5));
	}

}
