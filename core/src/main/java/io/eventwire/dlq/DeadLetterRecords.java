package io.eventwire.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.eventwire.EventHeaders;
import io.eventwire.internal.Ascii;
import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.PartitionReads;
import io.eventwire.internal.Uuids;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dead-letter records: read back where the index says they are, turned into {@link DeadLetter}s,
 * and into the records that replay them.
 */
final class DeadLetterRecords {

	// Dead letters further apart than this are reached with a seek rather than by reading on.
	private static final long SEEK_GAP = 500;

	private DeadLetterRecords() {
	}

	/**
	 * Read the records of dead letters back, partition by partition in offset order: one seek for a
	 * run of dead letters close to each other (a page of them usually), not one for each.
	 * @return the records of these dead letters, by event id (one no longer in the topic is missing)
	 */
	static Map<String, ConsumerRecord<String, byte[]>> fetch(Consumer<String, byte[]> consumer, String topic,
			List<DeadLetter> letters, Duration timeout) {
		Map<Integer, TreeMap<Long, String>> wanted = new TreeMap<>();
		letters.forEach((letter) -> wanted.computeIfAbsent(letter.partition(), (partition) -> new TreeMap<>())
			.put(letter.offset(), letter.eventId()));
		Map<String, ConsumerRecord<String, byte[]>> found = new HashMap<>();
		wanted.forEach((number, offsets) -> {
			TopicPartition partition = new TopicPartition(topic, number);
			consumer.assign(List.of(partition));
			PartitionReads.readOffsets(consumer, partition, offsets.navigableKeySet(), SEEK_GAP, timeout,
					(record) -> found.put(offsets.get(record.offset()), record),
					(time) -> new IllegalStateException("Dead letters of " + partition + " could not be read back in "
							+ time));
		});
		return found;
	}

	/**
	 * @return the dead letter with every header of its record
	 * @throws DeadLetterNotFoundException if the record is no longer in the topic
	 */
	static DeadLetterDetails details(Consumer<String, byte[]> consumer, String topic, DeadLetter letter,
			Duration timeout) {
		ConsumerRecord<String, byte[]> record = fetch(consumer, topic, List.of(letter), timeout).get(letter.eventId());
		if (record == null) {
			throw new DeadLetterNotFoundException("Dead letter " + letter.eventId() + " is no longer in " + topic
					+ " (removed by the topic's retention)");
		}
		return new DeadLetterDetails(toDeadLetter(record, true), headers(record.headers()));
	}

	static DeadLetter toDeadLetter(ConsumerRecord<String, byte[]> record, boolean withPayload) {
		String service = orEmpty(HeaderValues.get(record, EventHeaders.SERVICE));
		String group = HeaderValues.get(record, EventHeaders.CONSUMER_GROUP);
		return new DeadLetter(orEmpty(HeaderValues.get(record, EventHeaders.EVENT_ID)),
				orEmpty(HeaderValues.get(record, EventHeaders.ORIGINAL_EVENT_ID)), record.key(),
				orEmpty(HeaderValues.get(record, EventHeaders.TYPE)),
				orEmpty(HeaderValues.get(record, EventHeaders.ORIGINAL_TOPIC)),
				orEmpty(HeaderValues.get(record, EventHeaders.CORRELATION_ID)), service,
				(group != null && !group.isEmpty()) ? group : service,
				orEmpty(HeaderValues.get(record, EventHeaders.EXCEPTION_CLASS)),
				orEmpty(HeaderValues.get(record, EventHeaders.EXCEPTION_MESSAGE)),
				instant(HeaderValues.get(record, DeadLetterHeaders.FAILED_AT)),
				integer(HeaderValues.get(record, DeadLetterHeaders.ATTEMPTS)), record.partition(), record.offset(),
				(withPayload && record.value() != null) ? new String(record.value(), StandardCharsets.UTF_8) : null, null);
	}

	static DeadLetter withPayload(DeadLetter letter, @Nullable ConsumerRecord<String, byte[]> record) {
		return (record != null) ? toDeadLetter(record, true) : letter;
	}

	/**
	 * The record that replays a dead letter through the retry topic, as hexkit's DLQ service does:
	 * its key, value, type and correlation id, its original topic, and a new event id; that id is
	 * derived from the dead letter's, so a second replay of it carries the same one and an inbox
	 * handles it once.
	 * @throws IllegalArgumentException if a corrected payload is not JSON
	 */
	static ProducerRecord<String, byte[]> replay(ConsumerRecord<String, byte[]> record, String retryTopic,
			String deadLetterId, ReplayOptions options) {
		byte[] value = Ascii.jsonIfValid(record.value());
		if (options.payload() != null) {
			try {
				JsonMapper.shared().readTree(options.payload());
			}
			catch (JacksonException ex) {
				throw new IllegalArgumentException("The corrected payload is not JSON: " + ex.getOriginalMessage(), ex);
			}
			value = Ascii.json(options.payload().getBytes(StandardCharsets.UTF_8));
		}
		ProducerRecord<String, byte[]> replay = new ProducerRecord<>(retryTopic, null, record.key(), value);
		for (Header header : Ascii.headers(record.headers())) {
			if (!DeadLetterHeaders.FAILURE_HEADERS.contains(header.key()) && !EventHeaders.EVENT_ID.equals(header.key())
					&& !ReplayOptions.PAYLOAD_CORRECTED_HEADER.equals(header.key())) {
				replay.headers().add(header);
			}
		}
		replay.headers().add(EventHeaders.EVENT_ID, Ascii.text(Uuids.fromName("eventwire-replay:" + deadLetterId)));
		if (options.payload() != null) {
			replay.headers().add(ReplayOptions.PAYLOAD_CORRECTED_HEADER, Ascii.text(deadLetterId));
		}
		return replay;
	}

	static Map<String, String> headers(Headers record) {
		Map<String, String> headers = new LinkedHashMap<>();
		record
			.forEach((header) -> headers.put(header.key(),
					(header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : ""));
		return headers;
	}

	private static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

	private static @Nullable Instant instant(@Nullable String value) {
		try {
			return (value != null) ? Instant.parse(value) : null;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static int integer(@Nullable String value) {
		try {
			return (value != null) ? Integer.parseInt(value) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
