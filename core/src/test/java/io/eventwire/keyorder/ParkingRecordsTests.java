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
	void parkedEventsKeepTheirValueHeadersAndOrderEvenWithSeparatorsInTheKey() {
		TopicKey key = new TopicKey("orders", "odd\u001fkey");
		List<Header> headers = List.of(new RecordHeader("type", utf8("order_paid")), new RecordHeader("event_id", utf8("e-5")));
		apply(ParkingRecords.event("parked-svc", new ParkedEvent(key, new ParkedId(0, 9), NOW, utf8("{\"n\":9}"), headers)));
		apply(ParkingRecords.event("parked-svc", new ParkedEvent(key, new ParkedId(0, 5), NOW, null, headers)));
		apply(ParkingRecords.event("parked-svc", new ParkedEvent(key, new ParkedId(0, 7), NOW, new byte[0], headers)));

		List<ParkedEvent> events = this.keys.events(key);
		assertThat(events).extracting(ParkedEvent::id)
			.containsExactly(new ParkedId(0, 5), new ParkedId(0, 7), new ParkedId(0, 9));
		assertThat(events.get(0).value()).isNull();
		assertThat(events.get(1).value()).isEmpty();
		assertThat(new String(events.get(2).value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":9}");
		assertThat(events.get(2).type()).isEqualTo("order_paid");
		assertThat(events.get(2).eventId()).isEqualTo("e-5");
		assertThat(events.get(2).parkedAt()).isEqualTo(NOW);
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
		apply(ParkingRecords.event("parked-svc", new ParkedEvent(key, new ParkedId(1, 1), NOW, utf8("{}"), List.of())));

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

	private void apply(ProducerRecord<String, byte[]> record) {
		RecordHeaders headers = new RecordHeaders(record.headers().toArray());
		ParkingRecords.apply(new ConsumerRecord<>(record.topic(), 0, this.offset++, 0L, TimestampType.CREATE_TIME,
				0, 0, record.key(), record.value(), headers, Optional.empty()), this.keys);
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
