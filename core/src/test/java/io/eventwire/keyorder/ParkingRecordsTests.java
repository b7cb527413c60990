package io.eventwire.keyorder;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is written to the parking topic reads back as the same keys and events; tombstones remove
 * them; the state read back does not depend on the order of records of different keys.
 */
class ParkingRecordsTests {

	private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

	private final ParkedKeys keys = new ParkedKeys();

	private long offset;

	@Test
	void aKeyStateReadsBackAsWritten() {
		TopicKey key = new TopicKey("orders", "K");
		KeyState state = new KeyState(key, KeyState.Mode.RELEASING, "dl-1", "ev-2", "IllegalStateException: no",
				NOW, new ParkedId(3, 17));

		apply(ParkingRecords.state("parked-svc", state));

		assertThat(this.keys.state(key)).isEqualTo(state);
		assertThat(this.keys.isParked(key)).isTrue();
		apply(ParkingRecords.stateRemoved("parked-svc", key));
		assertThat(this.keys.state(key)).isNull();
		assertThat(this.keys.isEmpty()).isTrue();
	}

	@Test
	void parkedEventsAreKnownByWhatIdentifiesThemAndTheirRecordsKeepValueAndHeaders() {
		TopicKey key = new TopicKey("orders", "odd\u001fkey");
		ConsumerRecord<String, byte[]> stored9 = apply(ParkingRecords.event("parked-svc", key, consumed(9, utf8("{\"n\":9}")), NOW));
		ConsumerRecord<String, byte[]> stored5 = apply(ParkingRecords.event("parked-svc", key, consumed(5, null), NOW));
		ConsumerRecord<String, byte[]> stored7 = apply(ParkingRecords.event("parked-svc", key, consumed(7, new byte[0]), NOW));

		List<ParkedEvent> events = this.keys.events(key);
		assertThat(events).extracting(ParkedEvent::id)
			.containsExactly(new ParkedId(0, 5), new ParkedId(0, 7), new ParkedId(0, 9));
		assertThat(events).extracting(ParkedEvent::logOffset)
			.containsExactly(stored5.offset(), stored7.offset(), stored9.offset());
		assertThat(events.get(2).type()).isEqualTo("order_paid");
		assertThat(events.get(2).eventId()).isEqualTo(eventId(9));
		// A hostile header is not kept in memory.
		assertThat(events.get(2).correlationId()).isNull();
		assertThat(events.get(2).size()).isEqualTo(7);
		assertThat(events.get(2).parkedAt()).isEqualTo(NOW);
		assertThat(ParkingRecords.value(stored5)).isNull();
		assertThat(ParkingRecords.value(stored7)).isEmpty();
		assertThat(new String(ParkingRecords.value(stored9), StandardCharsets.UTF_8)).isEqualTo("{\"n\":9}");
		assertThat(ParkingRecords.headers(stored9)).extracting(Header::key)
			.containsExactly("type", "event_id", "correlation_id");
		assertThat(this.keys.hasEventsUpTo(key, new ParkedId(0, 6))).isTrue();
		assertThat(this.keys.hasEventsUpTo(key, new ParkedId(0, 4))).isFalse();
		assertThat(this.keys.eventCount()).isEqualTo(3);
		assertThat(this.keys.keyCount()).isEqualTo(1);
		assertThat(this.keys.oldestParkedAt()).isEqualTo(NOW);

		apply(ParkingRecords.eventRemoved("parked-svc", key, new ParkedId(0, 5)));
		assertThat(this.keys.contains(key, new ParkedId(0, 5))).isFalse();
		assertThat(this.keys.events(key)).hasSize(2);
	}

	@Test
	void eventsWithoutAStateStillParkTheirKey() {
		// A release that ended while an event was being parked leaves the event: the key waits.
		TopicKey key = new TopicKey("orders", "K");
		apply(ParkingRecords.event("parked-svc", key, consumed(1, utf8("{}")), NOW));

		assertThat(this.keys.state(key)).isNull();
		assertThat(this.keys.isParked(key)).isTrue();
	}

	@Test
	void recordsEventwireDidNotWriteAreIgnored() {
		this.keys.putState(new KeyState(new TopicKey("t", "k"), KeyState.Mode.PARKED, "d", "e", "r", NOW, null));
		apply(new ProducerRecord<>("parked-svc", "something else", utf8("x")));
		apply(new ProducerRecord<>("parked-svc", null, utf8("x")));

		assertThat(this.keys.keyCount()).isEqualTo(1);
	}

	// As the reader reads it back from the parking topic.
	private ConsumerRecord<String, byte[]> apply(ProducerRecord<String, byte[]> record) {
		RecordHeaders headers = new RecordHeaders(record.headers().toArray());
		ConsumerRecord<String, byte[]> stored = new ConsumerRecord<>(record.topic(), 0, this.offset++, 0L,
				TimestampType.CREATE_TIME, 0, 0, record.key(), record.value(), headers, Optional.empty());
		ParkingRecords.apply(stored, this.keys);
		return stored;
	}

	// An event of the orders topic's partition 0, as its consumer read it.
	private static ConsumerRecord<String, byte[]> consumed(long offset, byte[] value) {
		RecordHeaders headers = new RecordHeaders(new Header[] { new RecordHeader("type", utf8("order_paid")),
				new RecordHeader("event_id", utf8(eventId(offset))),
				new RecordHeader("correlation_id", utf8("\r\n" + "x".repeat(100_000))) });
		return new ConsumerRecord<>("orders", 0, offset, 0L, TimestampType.CREATE_TIME, 0, 0, "K", value, headers,
				Optional.empty());
	}

	private static String eventId(long offset) {
		return String.format("00000000-0000-4000-8000-%012d", offset);
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
