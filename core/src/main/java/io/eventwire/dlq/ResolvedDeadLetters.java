package io.eventwire.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.eventwire.internal.Ascii;
import io.eventwire.internal.KafkaSends;
import io.eventwire.internal.LogSafe;
import io.eventwire.internal.PartitionReads;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;

/**
 * The dead letters this service replayed or discarded ahead of earlier ones of other keys, kept in
 * the compacted topic {@code dlq-resolved-<service>} (key: the dead letter's event id; value: what
 * was done, when, where the dead letter is and by which instance). The service's committed offsets
 * on the dead-letter topic only say that everything before them is resolved; this says the rest,
 * across restarts and across instances, so that a replayed dead letter is never offered, nor
 * published, again. Every operation first reads what other instances wrote since the last one.
 * Entries below the committed offsets are removed (tombstones) once those offsets passed them.
 */
final class ResolvedDeadLetters {

	/** How long what was resolved is remembered once the committed offsets have passed it. */
	static final Duration REMEMBERED = Duration.ofDays(1);

	private final String topic;

	private final Duration timeout;

	private final String instance;

	private final Map<String, Resolution> resolved = new HashMap<>();

	// The next offset to read; -1 before the first read.
	private long position = -1;

	ResolvedDeadLetters(String topic, Duration timeout, String instance) {
		this.topic = topic;
		this.timeout = timeout;
		this.instance = instance;
	}

	String topic() {
		return this.topic;
	}

	/**
	 * Read what was written since the last call (everything, the first time), by this instance or
	 * another.
	 * @return the event ids of the dead letters that were resolved in what was read, also those
	 * forgotten again since (the committed offsets have passed them)
	 */
	Set<String> catchUp(Consumer<String, byte[]> consumer) {
		List<PartitionInfo> partitions = consumer.partitionsFor(this.topic, this.timeout);
		if (partitions == null || partitions.isEmpty()) {
			throw new IllegalStateException("The topic " + this.topic + ", where this service keeps the dead letters "
					+ "it replayed or discarded, does not exist. eventwire declares it at startup (through Spring "
					+ "Kafka's KafkaAdmin, unless spring.kafka.admin.auto-create is false): create it with one "
					+ "partition and cleanup.policy=compact");
		}
		TopicPartition partition = new TopicPartition(this.topic, 0);
		consumer.assign(List.of(partition));
		if (this.position < 0) {
			consumer.seekToBeginning(List.of(partition));
		}
		else {
			consumer.seek(partition, this.position);
		}
		long end = consumer.endOffsets(List.of(partition), this.timeout).get(partition);
		Set<String> seen = new HashSet<>();
		PartitionReads.readTo(consumer, Map.of(partition, end), this.timeout, (record) -> {
			if (record.value() == null) {
				this.resolved.remove(record.key());
			}
			else {
				this.resolved.put(record.key(), Resolution.parse(new String(record.value(), StandardCharsets.US_ASCII)));
				seen.add(record.key());
			}
		}, (timeout) -> new IllegalStateException("Timed out reading " + this.topic + " in " + timeout));
		this.position = consumer.position(partition, this.timeout);
		return seen;
	}

	boolean contains(String eventId) {
		return this.resolved.containsKey(eventId);
	}

	String describe(String eventId) {
		Resolution resolution = this.resolved.get(eventId);
		if (resolution == null) {
			return "unknown";
		}
		return resolution.action() + " at " + resolution.at()
				+ (resolution.by().isEmpty() ? "" : " by " + LogSafe.escape(resolution.by()));
	}

	void record(KafkaOperations<String, byte[]> kafka, DeadLetter letter, String action, Instant at) {
		Resolution resolution = new Resolution(action, at, letter.partition(), letter.offset(), this.instance);
		send(kafka, new ProducerRecord<>(this.topic, 0, letter.eventId(), Ascii.text(resolution.format())));
		this.resolved.put(letter.eventId(), resolution);
	}

	/**
	 * Forget what the committed offsets cover by now, once it was resolved a while ago: those dead
	 * letters are never read again, and until then a second replay of one, on any instance, is
	 * answered with when and by whom it was resolved.
	 * @param now the current time
	 */
	void forgetBelow(KafkaOperations<String, byte[]> kafka, String deadLetterTopic,
			Map<TopicPartition, OffsetAndMetadata> marks, Instant now) {
		Instant before = now.minus(REMEMBERED);
		List<String> covered = this.resolved.entrySet()
			.stream()
			.filter((entry) -> {
				OffsetAndMetadata mark = marks.get(new TopicPartition(deadLetterTopic, entry.getValue().partition()));
				return mark != null && entry.getValue().offset() < mark.offset() && entry.getValue().at().isBefore(before);
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
			KafkaSends.sendAndWait(kafka, record, this.timeout);
		}
		catch (KafkaSends.SendFailedException ex) {
			throw new IllegalStateException("Could not write to " + this.topic + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * What was done with a dead letter: {@code action at partition offset [by]}, where {@code by}
	 * (the instance, without spaces) is absent in what versions before it wrote.
	 */
	private record Resolution(String action, Instant at, int partition, long offset, String by) {

		String format() {
			return this.action + " " + this.at + " " + this.partition + " " + this.offset + " " + this.by;
		}

		// A value that is not ours still says the dead letter was dealt with.
		static Resolution parse(String value) {
			try {
				String[] parts = value.split(" ");
				return new Resolution(parts[0], Instant.parse(parts[1]), Integer.parseInt(parts[2]),
						Long.parseLong(parts[3]), (parts.length > 4) ? parts[4] : "");
			}
			catch (RuntimeException ex) {
				return new Resolution("resolved", Instant.EPOCH, -1, -1, "");
			}
		}

	}

}
