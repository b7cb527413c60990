package io.eventwire.consume;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventwire.EventMetadata;
import io.eventwire.internal.Uuids;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventMetadataReaderTests {

	private final String eventId = Uuids.random();

	private final String correlationId = Uuids.random();

	@Test
	void headersAreDecodedOnceAndKeptUnmodifiable() {
		ConsumerRecord<String, byte[]> record = record();
		record.headers().add("custom", "Zürich".getBytes(StandardCharsets.UTF_8));

		EventMetadata metadata = EventMetadataReader.read(record, "orders", "order_placed", this.correlationId);

		assertThat(metadata.headers()).containsEntry("type", "order_placed")
			.containsEntry("event_id", this.eventId)
			.containsEntry("correlation_id", this.correlationId)
			.containsEntry("custom", "Zürich");
		// What the dispatcher read already is not decoded again.
		assertThat(metadata.headers().get("correlation_id")).isSameAs(this.correlationId);
		assertThat(metadata.eventId()).isEqualTo(this.eventId);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> metadata.headers().put("x", "y"));
	}

	@Test
	void theLastValueOfARepeatedHeaderWins() {
		ConsumerRecord<String, byte[]> record = record();
		record.headers().add("custom", "first".getBytes(StandardCharsets.UTF_8));
		record.headers().add("custom", "last".getBytes(StandardCharsets.UTF_8));
		record.headers().add("empty", null);

		EventMetadata metadata = EventMetadataReader.read(record, "orders", "order_placed", this.correlationId);

		assertThat(metadata.headers()).containsEntry("custom", "last").containsEntry("empty", "").hasSize(5);
	}

	@Test
	void headersAreDecodedWhenFirstReadAndOnlyOnce() {
		ConsumerRecord<String, byte[]> record = record();
		AtomicInteger reads = new AtomicInteger();
		record.headers().add(new Header() {

			@Override
			public String key() {
				return "custom";
			}

			@Override
			public byte[] value() {
				reads.incrementAndGet();
				return "Zürich".getBytes(StandardCharsets.UTF_8);
			}

		});

		EventMetadata metadata = EventMetadataReader.read(record, "orders", "order_placed", this.correlationId);

		assertThat(reads).hasValue(0);
		assertThat(metadata.headers().get("custom")).isEqualTo("Zürich");
		assertThat(metadata.headers()).hasSize(4);
		assertThat(reads).hasValue(1);
		// A metadata equals one made with the same headers in any other map.
		assertThat(metadata).isEqualTo(new EventMetadata("orders", "order_placed", "k", this.eventId,
				this.correlationId, 0, 7, metadata.timestamp(), Map.of("type", "order_placed", "event_id", this.eventId,
						"correlation_id", this.correlationId, "custom", "Zürich")));
		assertThat(metadata.hashCode()).isEqualTo(new EventMetadata("orders", "order_placed", "k", this.eventId,
				this.correlationId, 0, 7, metadata.timestamp(), new HashMap<>(metadata.headers())).hashCode());
	}

	private ConsumerRecord<String, byte[]> record() {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("orders", 0, 7, "k", "{}".getBytes());
		record.headers()
			.add("type", "order_placed".getBytes(StandardCharsets.UTF_8))
			.add("event_id", this.eventId.getBytes(StandardCharsets.UTF_8))
			.add("correlation_id", this.correlationId.getBytes(StandardCharsets.UTF_8));
		return record;
	}

}
