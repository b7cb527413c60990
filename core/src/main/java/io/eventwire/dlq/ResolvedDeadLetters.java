package io.eventwire.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;

/**
 * The dead letters this service replayed or discarded ahead of earlier ones of other keys, kept in
 * the compacted topic {@code dlq-resolved-<service>} (key: the dead letter's event id; value: what
 * was done, when, and where the dead letter is). The service's committed offsets on the dead-letter
 * topic only say that everything before them is resolved; this says the rest, across restarts, so
 * that a replayed dead letter is never offered, nor published, again. Entries below the committed
 * offsets are removed (tombstones) once those offsets passed them.
 */
final class ResolvedDeadLetters {

	private static final Duration POLL = Duration.ofMillis(200);

	private final String topic;

	private final Duration timeout;

	private final Map<String, Resolution> resolved = new HashMap<>();

	private boolean loaded;

	ResolvedDeadLetters(String topic, Duration timeout) {
		this.topic = topic;
		this.timeout = timeout;
	}

	String topic() {
		return this.topic;
	}

	/**
	 * Read the topic once, at the first operation.
	 */
	void load(Consumer<String, byte[]> consumer) {
		if (this.loaded) {
			return;
		}
		List<PartitionInfo> partitions = consumer.partitionsFor(this.topic, this.timeout);
		if (partitions == null || partitions.isEmpty()) {
			throw new IllegalStateException("The topic " + this.topic + ", where this service keeps the dead letters "
					+ "it replayed or discarded, does not exist. eventwire declares it at startup (through Spring "
					+ "Kafka's KafkaAdmin, unless spring.kafka.admin.auto-create is false): create it with one "
					+ "partition and cleanup.policy=compact");
		}
		TopicPartition partition = new TopicPartition(this.topic, 0);
		consumer.assign(List.of(partition));
		consumer.seekToBeginning(List.of(partition));
		long end = consumer.endOffsets(List.of(partition), this.timeout).get(partition);
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (consumer.position(partition, this.timeout) < end) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out reading " + this.topic);
			}
			for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
				if (record.value() == null) {
					this.resolved.remove(record.key());
				}
				else {
					this.resolved.put(record.key(), Resolution.parse(new String(record.value(), StandardCharsets.US_ASCII)));
				}
			}
		}
		this.loaded = true;
	}

	boolean contains(String eventId) {
		return this.resolved.containsKey(eventId);
	}

	String describe(String eventId) {
		Resolution resolution = this.resolved.get(eventId);
		return (resolution != null) ? resolution.action() + " at " + resolution.at() : "unknown";
	}

	void record(KafkaOperations<String, byte[]> kafka, DeadLetter letter, String action, Instant at) {
		Resolution resolution = new Resolution(action, at, letter.partition(), letter.offset());
		send(kafka, new ProducerRecord<>(this.topic, 0, letter.eventId(), resolution.format().getBytes(StandardCharsets.US_ASCII)));
		this.resolved.put(letter.eventId(), resolution);
	}

	/**
	 * Forget what the committed offsets cover by now: those dead letters are never read again.
	 */
	void forgetBelow(KafkaOperations<String, byte[]> kafka, String deadLetterTopic,
			Map<TopicPartition, OffsetAndMetadata> marks) {
		List<String> covered = this.resolved.entrySet()
			.stream()
			.filter((entry) -> {
				OffsetAndMetadata mark = marks.get(new TopicPartition(deadLetterTopic, entry.getValue().partition()));
				return mark != null && entry.getValue().offset() < mark.offset();
			})
			.map(Map.Entry::getKey)
			.toList();
		for (String eventId : covered) {
			send(kafka, new ProducerRecord<>(this.topic, 0, eventId, null));
			this.resolved.remove(eventId);
		}
	}

	private void send(KafkaOperations<String, byte[]> kafka, ProducerRecord<String, byte[]> record) {
		try {
			kafka.send(record).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while writing to " + this.topic, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not write to " + this.topic + ": " + ex.getMessage(), ex);
		}
	}

	private record Resolution(String action, Instant at, int partition, long offset) {

		String format() {
			return this.action + " " + this.at + " " + this.partition + " " + this.offset;
		}

		// A value that is not ours still says the dead letter was dealt with.
		static Resolution parse(String value) {
			try {
				String[] parts = value.split(" ");
				return new Resolution(parts[0], Instant.parse(parts[1]), Integer.parseInt(parts[2]),
						Long.parseLong(parts[3]));
			}
			catch (RuntimeException ex) {
				return new Resolution("resolved", Instant.EPOCH, -1, -1);
			}
		}

	}

}
