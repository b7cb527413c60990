package io.eventwire.keyorder;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.eventwire.EventHeaders;
import io.eventwire.correlation.CorrelationId;
import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.Uuids;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;

/**
 * The records of the parking topic. Each key's state and each parked event is a record of its
 * own, under a key of its own, so that compaction keeps exactly the latest of each and the state
 * read back does not depend on the order of the records: a tombstone removes one.
 * <p>
 * Record keys: {@code k␟<topic>␟<key>} for a key's state, {@code e␟<topic>␟<partition>␟<offset>␟<key>}
 * for a parked event (topic names cannot contain the separator, so the event key may).
 */
final class ParkingRecords {

	private static final char SEPARATOR = '\u001f';

	private static final String STATE = "k";

	private static final String EVENT = "e";

	private static final String PREFIX = "eventwire.parking.";

	static final String MODE = PREFIX + "mode";

	static final String DEAD_LETTER = PREFIX + "dead_letter";

	static final String FAILED_EVENT = PREFIX + "failed_event";

	static final String REASON = PREFIX + "reason";

	static final String SINCE = PREFIX + "since";

	static final String UP_TO = PREFIX + "up_to";

	static final String PARKED_AT = PREFIX + "parked_at";

	/**
	 * The partition every record is written to and read from: one order for all writes and one end
	 * to catch up with, also when the topic was created with more partitions.
	 */
	static final int PARTITION = 0;

	// The first byte of a parked event's value: the value follows (1), there is none (0), or it is
	// only a reference to the event's own record (2).
	private static final byte REFERENCE = 2;

	private ParkingRecords() {
	}

	static ProducerRecord<String, byte[]> state(String topic, KeyState state) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, PARTITION, stateKey(state.key()), new byte[0]);
		add(record.headers(), MODE, state.mode().name());
		add(record.headers(), DEAD_LETTER, state.deadLetterId());
		add(record.headers(), FAILED_EVENT, state.failedEventId());
		add(record.headers(), REASON, state.reason());
		add(record.headers(), SINCE, state.since().toString());
		if (state.releasedUpTo() != null) {
			add(record.headers(), UP_TO, state.releasedUpTo().toString());
		}
		return record;
	}

	static ProducerRecord<String, byte[]> stateRemoved(String topic, TopicKey key) {
		return new ProducerRecord<>(topic, PARTITION, stateKey(key), null);
	}

	/**
	 * The copy of a record to park: its value (after a marker byte) and headers, and when.
	 */
	static ProducerRecord<String, byte[]> event(String topic, TopicKey key, ConsumerRecord<String, byte[]> parked,
			Instant parkedAt) {
		byte[] value = parked.value();
		byte[] stored = new byte[(value != null) ? value.length + 1 : 1];
		// The first byte tells an event without a value from one with an empty value; a record
		// without a value would be a tombstone.
		if (value != null) {
			stored[0] = 1;
			System.arraycopy(value, 0, stored, 1, value.length);
		}
		List<Header> headers = new ArrayList<>(List.of(parked.headers().toArray()));
		headers.add(new RecordHeader(PARKED_AT, parkedAt.toString().getBytes(StandardCharsets.UTF_8)));
		return new ProducerRecord<>(topic, PARTITION, eventKey(key, new ParkedId(parked.partition(), parked.offset())), stored,
				headers);
	}

	/**
	 * A parked event that is too large to be copied to the parking topic: only what identifies it
	 * (its type, event id and correlation id) and a marker that its record is to be read from where
	 * it was consumed, in its place in its key's order.
	 */
	static ProducerRecord<String, byte[]> reference(String topic, TopicKey key, ConsumerRecord<String, byte[]> parked,
			Instant parkedAt) {
		List<Header> headers = new ArrayList<>();
		for (String name : List.of(EventHeaders.TYPE, EventHeaders.EVENT_ID, EventHeaders.CORRELATION_ID)) {
			Header header = parked.headers().lastHeader(name);
			if (header != null) {
				headers.add(header);
			}
		}
		headers.add(new RecordHeader(PARKED_AT, parkedAt.toString().getBytes(StandardCharsets.UTF_8)));
		return new ProducerRecord<>(topic, PARTITION, eventKey(key, new ParkedId(parked.partition(), parked.offset())),
				new byte[] { REFERENCE }, headers);
	}

	/**
	 * @param stored a parked event's record in the parking topic
	 * @return whether it only refers to the event's record where it was consumed
	 */
	static boolean isReference(ConsumerRecord<String, byte[]> stored) {
		byte[] value = stored.value();
		return value != null && value.length == 1 && value[0] == REFERENCE;
	}

	/**
	 * @param stored a parked event's record in the parking topic
	 * @return the parked event's value
	 */
	static byte @Nullable [] value(ConsumerRecord<String, byte[]> stored) {
		byte[] value = stored.value();
		return (value != null && value.length > 0 && value[0] == 1) ? Arrays.copyOfRange(value, 1, value.length) : null;
	}

	/**
	 * @param stored a parked event's record in the parking topic
	 * @return the parked event's own headers
	 */
	static List<Header> headers(ConsumerRecord<String, byte[]> stored) {
		List<Header> headers = new ArrayList<>();
		for (Header header : stored.headers()) {
			if (!header.key().startsWith(PREFIX)) {
				headers.add(header);
			}
		}
		return headers;
	}

	static ProducerRecord<String, byte[]> eventRemoved(String topic, TopicKey key, ParkedId id) {
		return new ProducerRecord<>(topic, PARTITION, eventKey(key, id), null);
	}

	/**
	 * Apply one record of the parking topic to the parked keys.
	 */
	static void apply(ConsumerRecord<String, byte[]> record, ParkedKeys keys) {
		String key = record.key();
		if (key == null || key.length() < 2 || key.charAt(1) != SEPARATOR) {
			return;
		}
		String[] parts = split(key.substring(2), key.startsWith(STATE) ? 2 : 4);
		if (key.startsWith(STATE) && parts.length == 2) {
			TopicKey topicKey = new TopicKey(parts[0], parts[1]);
			if (record.value() == null) {
				keys.removeState(topicKey);
			}
			else {
				keys.putState(toState(topicKey, record.headers()));
			}
		}
		else if (key.startsWith(EVENT) && parts.length == 4) {
			TopicKey topicKey = new TopicKey(parts[0], parts[3]);
			ParkedId id = new ParkedId(Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
			if (record.value() == null) {
				keys.removeEvent(topicKey, id);
			}
			else {
				keys.putEvent(toEvent(topicKey, id, record));
			}
		}
	}

	private static KeyState toState(TopicKey key, Headers headers) {
		String upTo = HeaderValues.get(headers, UP_TO);
		return new KeyState(key, KeyState.Mode.valueOf(orEmpty(HeaderValues.get(headers, MODE))),
				orEmpty(HeaderValues.get(headers, DEAD_LETTER)), orEmpty(HeaderValues.get(headers, FAILED_EVENT)),
				orEmpty(HeaderValues.get(headers, REASON)), Instant.parse(orEmpty(HeaderValues.get(headers, SINCE))),
				(upTo != null) ? parseId(upTo) : null);
	}

	private static ParkedEvent toEvent(TopicKey key, ParkedId id, ConsumerRecord<String, byte[]> record) {
		String parkedAt = HeaderValues.get(record.headers(), PARKED_AT);
		// Bounded: what is kept in memory of a parked event must not grow with what a producer sent.
		String eventId = HeaderValues.get(record, EventHeaders.EVENT_ID);
		String correlationId = HeaderValues.get(record, EventHeaders.CORRELATION_ID);
		String type = HeaderValues.get(record, EventHeaders.TYPE);
		return new ParkedEvent(key, id, (parkedAt != null) ? Instant.parse(parkedAt)
				: Instant.ofEpochMilli(record.timestamp()), Uuids.isUuid(eventId) ? eventId : null,
				(type != null && type.length() <= EventHeaders.MAX_TYPE_LENGTH) ? type : null,
				CorrelationId.isValid(correlationId) ? correlationId : null, Math.max(0, record.value().length - 1),
				record.offset());
	}

	static ParkedId parseId(String value) {
		int at = value.indexOf('@');
		return new ParkedId(Integer.parseInt(value.substring(0, at)), Long.parseLong(value.substring(at + 1)));
	}

	private static String stateKey(TopicKey key) {
		return STATE + SEPARATOR + key.topic() + SEPARATOR + key.key();
	}

	private static String eventKey(TopicKey key, ParkedId id) {
		return EVENT + SEPARATOR + key.topic() + SEPARATOR + id.partition() + SEPARATOR + id.offset() + SEPARATOR
				+ key.key();
	}

	// The last part keeps any separators it contains: it is the event key.
	private static String[] split(String value, int parts) {
		List<String> result = new ArrayList<>(parts);
		int start = 0;
		for (int i = 0; i < parts - 1; i++) {
			int next = value.indexOf(SEPARATOR, start);
			if (next < 0) {
				return new String[0];
			}
			result.add(value.substring(start, next));
			start = next + 1;
		}
		result.add(value.substring(start));
		return result.toArray(String[]::new);
	}

	private static void add(Headers headers, String name, String value) {
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

	private static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

}
