package io.eventwire.publish;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.eventwire.EventHeaders;
import io.eventwire.OutgoingEvent;
import io.eventwire.PublishException;
import io.eventwire.correlation.CorrelationId;
import io.eventwire.internal.Uuids;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class EventRecordFactoryTests {

	private final EventRecordFactory factory = new EventRecordFactory(new JsonMapper(), true);

	record OrderPlaced(String orderId, int quantity) {
	}

	@Test
	void recordCarriesTheWireFormatHeadersInOrder() {
		ProducerRecord<String, byte[]> record = this.factory
			.create(OutgoingEvent.builder("orders", "order_placed", "o-1", new OrderPlaced("o-1", 2)).build());

		assertThat(record.topic()).isEqualTo("orders");
		assertThat(record.key()).isEqualTo("o-1");
		assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":\"o-1\",\"quantity\":2}");
		assertThat(headerNames(record)).containsExactly("type", "event_id", "correlation_id");
		assertThat(header(record, EventHeaders.TYPE)).isEqualTo("order_placed");
		assertThat(Uuids.isUuidV4(header(record, EventHeaders.EVENT_ID))).isTrue();
		assertThat(CorrelationId.isValid(header(record, EventHeaders.CORRELATION_ID))).isTrue();
	}

	@Test
	void valuesAndHeaderValuesAreAsciiWhatEverThePayloadIsGivenAs() {
		String text = "Müller – Zürich 東京 😀";
		String escaped = "M\\u00fcller \\u2013 Z\\u00fcrich \\u6771\\u4eac \\ud83d\\ude00";
		for (Object payload : List.of(new Customer(text), "{\"name\":\"" + text + "\"}",
				("{\"name\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8),
				new JsonMapper().readTree("{\"name\":\"" + text + "\"}"))) {
			ProducerRecord<String, byte[]> record = this.factory.create(
					OutgoingEvent.builder("orders", "customer_named", "c-1", payload).header("city", text).build());
			assertThat(new String(record.value(), StandardCharsets.US_ASCII)).as("%s", payload.getClass())
				.isEqualTo("{\"name\":\"" + escaped + "\"}");
			assertThat(header(record, "city")).isEqualTo(escaped);
			assertThat(new JsonMapper().readTree(record.value()).get("name").asString()).isEqualTo(text);
		}
	}

	@Test
	void aKeyThatIsNotAsciiIsSentAsGivenWithAWarningOncePerTopic(CapturedOutput output) {
		for (String topic : List.of("orders", "orders", "invoices")) {
			ProducerRecord<String, byte[]> record = this.factory
				.create(OutgoingEvent.builder(topic, "t", "Zürich", "{}").build());
			assertThat(record.key()).isEqualTo("Zürich");
		}
		assertThat(output.toString().lines().filter((line) -> line.contains("is not ASCII: hexkit consumers of orders")))
			.hasSize(1);
		assertThat(output.toString().lines().filter((line) -> line.contains("is not ASCII: hexkit consumers of invoices")))
			.hasSize(1);
	}

	record Customer(String name) {
	}

	@Test
	void usesTheCurrentCorrelationIdAndTheGivenEventId() {
		String correlationId = CorrelationId.generate();
		String eventId = Uuids.random();
		ProducerRecord<String, byte[]> record;
		try (CorrelationId.Scope scope = CorrelationId.open(correlationId)) {
			record = this.factory.create(OutgoingEvent.builder("orders", "t", "k", "{}").eventId(eventId).build());
		}
		assertThat(header(record, EventHeaders.CORRELATION_ID)).isEqualTo(correlationId);
		assertThat(header(record, EventHeaders.EVENT_ID)).isEqualTo(eventId);
	}

	@Test
	void customHeadersPassButReservedOnesAreReplaced() {
		ProducerRecord<String, byte[]> record = this.factory.create(OutgoingEvent.builder("orders", "real", "k", "{}")
			.header("tenant", "acme")
			.header(EventHeaders.TYPE, "forged")
			.header(EventHeaders.CORRELATION_ID, "forged")
			.build());

		assertThat(headerNames(record)).containsExactly("type", "event_id", "correlation_id", "tenant");
		assertThat(header(record, EventHeaders.TYPE)).isEqualTo("real");
		assertThat(header(record, "tenant")).isEqualTo("acme");
		assertThat(CorrelationId.isValid(header(record, EventHeaders.CORRELATION_ID))).isTrue();
	}

	@Test
	void rawJsonPayloadsAreSentAsTheyAreAndMustBeJson() {
		ProducerRecord<String, byte[]> record = this.factory
			.create(OutgoingEvent.builder("orders", "t", "k", "{\"a\": 1}").build());
		assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\": 1}");

		assertThatExceptionOfType(PublishException.class)
			.isThrownBy(() -> this.factory.create(OutgoingEvent.builder("orders", "t", "k", "not json").build()))
			.withMessageContaining("as JSON")
			.satisfies((ex) -> assertThat(ex.getTopic()).isEqualTo("orders"));
	}

	@Test
	void refusesToPublishWithoutCorrelationIdWhenGenerationIsOff() {
		EventRecordFactory strict = new EventRecordFactory(new JsonMapper(), false);
		assertThatExceptionOfType(PublishException.class)
			.isThrownBy(() -> strict.create(OutgoingEvent.builder("orders", "t", "k", "{}").build()))
			.withMessageContaining("generate-if-missing");
		try (CorrelationId.Scope scope = CorrelationId.open(CorrelationId.generate())) {
			assertThat(strict.create(OutgoingEvent.builder("orders", "t", "k", "{}").build())).isNotNull();
		}
	}

	@Test
	void replacesAnInvalidGivenCorrelationId() {
		ProducerRecord<String, byte[]> record = this.factory
			.create(OutgoingEvent.builder("orders", "t", "k", "{}").correlationId("not-a-uuid\r\n").build());
		assertThat(CorrelationId.isValid(header(record, EventHeaders.CORRELATION_ID))).isTrue();
	}

	private static List<String> headerNames(ProducerRecord<String, byte[]> record) {
		return Arrays.stream(record.headers().toArray()).map(Header::key).toList();
	}

	private static String header(ProducerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

}
