package io.eventwire.observation;

import java.nio.charset.StandardCharsets;

import io.micrometer.common.KeyValue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;

import static org.assertj.core.api.Assertions.assertThat;

class EventObservationConventionTests {

	private static final String CORRELATION_ID = "6f1c1a52-9a53-4f5e-8a0e-3f5c2b1d7e90";

	private static final String EVENT_ID = "0b8e5b1e-4c7a-4d3e-9f2a-1c6d8e7f9a0b";

	@Test
	void producerSpansCarryTheEventsIds() {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>("orders", "k", new byte[0]);
		record.headers().add("correlation_id", utf8(CORRELATION_ID)).add("event_id", utf8(EVENT_ID));

		assertThat(new EventTemplateObservationConvention()
			.getHighCardinalityKeyValues(new KafkaRecordSenderContext(record, "eventwireProducer", () -> "cluster")))
			.contains(KeyValue.of("eventwire.correlation_id", CORRELATION_ID), KeyValue.of("eventwire.event_id", EVENT_ID));
	}

	@Test
	void listenerSpansCarryOnlyWellFormedIds() {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("orders", 0, 7L, "k", new byte[0]);
		record.headers().add("correlation_id", utf8("abc\r\nforged")).add("event_id", utf8(EVENT_ID));

		Iterable<KeyValue> keyValues = new EventListenerObservationConvention()
			.getHighCardinalityKeyValues(new KafkaRecordReceiverContext(record, "eventwire-orders", () -> "cluster"));
		assertThat(keyValues).contains(KeyValue.of("eventwire.event_id", EVENT_ID))
			.noneMatch((keyValue) -> keyValue.getKey().equals("eventwire.correlation_id"));
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
