package io.eventwire.autoconfigure.outbox;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.eventwire.EventPublisher;
import io.eventwire.OutgoingEvent;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxDao;
import io.eventwire.outbox.OutboxDaoFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What goes through either outbox arrives as the bytes the publisher sends for the same event:
 * numbers to the last digit and as written, {@code $}-prefixed keys as plain data, non-ASCII text,
 * nested arrays, nulls and empty objects. Run on the test server and, where Docker exists, on MongoDB 7.
 */
abstract class OutboxFidelityContract {

	static final String DIRECT = "fidelity-direct";

	static final String RELAYED = "fidelity-relayed";

	@Autowired
	EventPublisher publisher;

	@Autowired
	EventOutbox outbox;

	@Autowired
	OutboxDaoFactory daos;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	/** Money, big counts, and data whose keys look like MongoDB's Extended JSON. */
	record Invoice(String invoiceId, BigDecimal total, BigInteger count, List<BigDecimal> amounts,
			Map<String, Object> attributes, String note, List<Object> grid, String missing, Map<String, Object> empty) {
	}

	static Invoice invoice(String id) {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("$date", "2026-12-06");
		attributes.put("$oid", "not-an-object-id");
		attributes.put("$numberLong", "12");
		attributes.put("nested", Map.of("$numberDecimal", "x"));
		return new Invoice(id, new BigDecimal("12345678901234567890.123456789"),
				new BigInteger("123456789012345678901234567890"),
				List.of(new BigDecimal("0.10"), new BigDecimal("100.00"), new BigDecimal("1E+3"), new BigDecimal("1.10")),
				attributes, "Grüße, Zoë ✓ 𝄞 \"quoted\" \\ \u0001", List.of(List.of(1, 2), List.of(), List.of(List.of(3))),
				null, Map.of());
	}

	/** JSON as a user wrote it: its numbers are sent as written. */
	static final String WRITTEN_JSON = "{\"amount\": 1.10, \"big\": 123456789012345678901234567890, "
			+ "\"precise\": 12345678901234567890.123456789, \"$oid\": \"x\", \"list\": [[], [null, {}], -0.0, 1e400]}";

	@Test
	void eventOutboxSendsTheBytesThePublisherSends() {
		publishBothWays("object-1", invoice("i-1"));
		publishBothWays("json-1", WRITTEN_JSON);
		assertSameBytes("object-1");
		assertSameBytes("json-1");
	}

	@Test
	void compactedTopicEntriesAreFaithfulToo() {
		String key = "compacted-1";
		this.publisher.publish(OutgoingEvent.builder(DIRECT, "invoiced", key, invoice("i-2")).build());
		this.outbox.publish(OutgoingEvent.builder(compactedTopic(), "invoiced", key, invoice("i-2")).build());
		await().atMost(Duration.ofSeconds(30)).until(() -> !values(compactedTopic(), key).isEmpty());
		assertThat(values(compactedTopic(), key).get(0)).isEqualTo(values(DIRECT, key).get(0));
	}

	@Test
	void statefulOutboxSendsTheBytesThePublisherSendsForTheResource() {
		OutboxDao<Invoice, String> invoices = this.daos.create("fidelity_invoices", Invoice.class, "invoiceId",
				RELAYED);
		Invoice invoice = invoice("stateful-1");
		invoices.upsert(invoice);
		assertThat(invoices.findById("stateful-1")).contains(invoice);
		assertThat(invoices.find(Map.of("note", invoice.note()))).containsExactly(invoice);
		assertThat(invoices.find(Map.of("total", invoice.total()))).containsExactly(invoice);
		this.publisher.publish(OutgoingEvent.builder(DIRECT, "upserted", "stateful-1", invoice).build());
		await().atMost(Duration.ofSeconds(30)).until(() -> !values(RELAYED, "stateful-1").isEmpty());
		assertSameBytes("stateful-1");
	}

	abstract String compactedTopic();

	private void publishBothWays(String key, Object payload) {
		this.publisher.publish(OutgoingEvent.builder(DIRECT, "invoiced", key, payload).build());
		this.outbox.publish(OutgoingEvent.builder(RELAYED, "invoiced", key, payload).build());
	}

	private void assertSameBytes(String key) {
		await().atMost(Duration.ofSeconds(30)).until(() -> !values(RELAYED, key).isEmpty());
		byte[] direct = values(DIRECT, key).get(0);
		byte[] relayed = values(RELAYED, key).get(0);
		assertThat(new String(relayed, StandardCharsets.UTF_8)).isEqualTo(new String(direct, StandardCharsets.UTF_8));
		assertThat(Arrays.equals(relayed, direct)).isTrue();
	}

	private List<byte[]> values(String topic, String key) {
		return readAll(this.brokers, topic, (record) -> key.equals(record.key())).stream()
			.map(ConsumerRecord::value)
			.toList();
	}

}
