package io.eventwire.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventwire.EventMetadata;
import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.internal.Uuids;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 6 of docs/reliability.md, the poison flood: 10,000 malformed records (not JSON, no type,
 * a 100 KB type header, invalid UTF-8, the wrong payload shape) interleaved with 10,000 good ones,
 * a tenth of which carry hostile correlation ids (100 KB, CRLF, ANSI escapes). Every good event is
 * handled once, every bad one is in the dead-letter topic with its reason and bounded failure
 * headers, the group's lag returns to 0, the application keeps running, and no hostile value
 * reaches the log raw. The bad records share the good ones' keys, so key order is off here: with it
 * on, the first bad record of a key would park everything after it (scenario 10 and
 * KeyOrderAtScaleTests show that).
 */
@ExtendWith(OutputCaptureExtension.class)
class PoisonFloodTests {

	static final String TOPIC = "poison-flood-orders";

	static final String SERVICE = "poison-flood";

	static final int GOOD = 10_000;

	static final int BAD = 10_000;

	static final String HOSTILE = "\r\nFAKE LOG LINE \u001B[31m" + "y".repeat(100 * 1024);

	enum Poison {

		NOT_JSON("EventPayloadException"), NO_TYPE("MissingEventTypeException"),
		HUGE_TYPE("InvalidEventTypeException"), INVALID_UTF8("EventPayloadException"),
		WRONG_SHAPE("EventPayloadException");

		final String exceptionClass;

		Poison(String exceptionClass) {
			this.exceptionClass = exceptionClass;
		}

	}

	@Test
	void goodEventsAreHandledAndEveryMalformedOneIsDeadLetteredWithItsReason(CapturedOutput output) {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, TOPIC, "dlq");
		broker.afterPropertiesSet();
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()));
				ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
					.run("--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
							"--eventwire.service-name=" + SERVICE, "--eventwire.outbox.relay.enabled=false",
							"--eventwire.consumer.concurrency=3", "--eventwire.dlq.key-order=false",
							"--spring.main.banner-mode=off")) {
			Orders orders = app.getBean(Orders.class);
			Map<String, Poison> poisoned = new HashMap<>();
			long started = System.nanoTime();
			produce(broker.getBrokersAsString(), poisoned);

			await().atMost(Duration.ofMinutes(5)).until(() -> orders.handled.size() == GOOD);
			await().atMost(Duration.ofMinutes(5)).until(() -> Topics.lag(admin, SERVICE, TOPIC) == 0);
			double seconds = (System.nanoTime() - started) / 1e9;

			assertThat(orders.invocations).hasValue(GOOD);
			assertThat(orders.correlationIds).allSatisfy((id) -> assertThat(Uuids.isUuidV4(id)).isTrue());
			List<ConsumerRecord<String, byte[]>> deadLetters = await().atMost(Duration.ofMinutes(2))
				.until(() -> Topics.readAll(broker.getBrokersAsString(), "dlq"), (records) -> records.size() >= BAD);
			assertThat(deadLetters).hasSize(BAD);
			Map<Poison, Integer> perKind = new HashMap<>();
			for (ConsumerRecord<String, byte[]> deadLetter : deadLetters) {
				Poison poison = poisoned.get(header(deadLetter, "original_event_id"));
				assertThat(poison).as("dead letter of a record that was not malformed").isNotNull();
				perKind.merge(poison, 1, Integer::sum);
				assertThat(header(deadLetter, "exc_class")).isEqualTo(poison.exceptionClass);
				assertThat(header(deadLetter, "exc_msg")).isNotBlank().hasSizeLessThanOrEqualTo(2_000);
				assertThat(header(deadLetter, "exc_stacktrace")).hasSizeLessThanOrEqualTo(8_000);
				assertThat(header(deadLetter, "original_topic")).isEqualTo(TOPIC);
				assertThat(header(deadLetter, "service")).isEqualTo(SERVICE);
			}
			assertThat(perKind).hasSize(Poison.values().length).allSatisfy((kind, count) -> assertThat(count).isEqualTo(BAD / 5));

			// Still running: the next event is handled.
			app.getBean(EventPublisher.class).publish(TOPIC, "order_placed", "after", new Order("after-flood", 1));
			await().atMost(Duration.ofSeconds(30)).until(() -> orders.handled.contains("after-flood"));

			assertThat(output).doesNotContain("\r\nFAKE LOG LINE").doesNotContain("\u001B[31m").doesNotContain("y".repeat(1_000));
			System.out.printf("Poison flood: %,d good handled, %,d malformed dead-lettered (%s), lag 0 after %.1f s%n", GOOD,
					deadLetters.size(), perKind, seconds);
		}
		finally {
			broker.destroy();
		}
	}

	private static void produce(String brokers, Map<String, Poison> poisoned) {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", brokers, "acks", "all", "linger.ms", 5, "max.request.size", 2 * 1024 * 1024),
				new StringSerializer(), new ByteArraySerializer())) {
			for (int i = 0; i < GOOD + BAD; i++) {
				String key = "key-" + (i % 100);
				String eventId = UUID.randomUUID().toString();
				ProducerRecord<String, byte[]> record;
				if (i % 2 == 0) {
					int good = i / 2;
					record = record(key, "{\"orderId\":\"o-" + good + "\",\"quantity\":1}", "order_placed", eventId);
					if (good % 10 == 0) {
						record.headers().remove("correlation_id");
						record.headers().add("correlation_id", utf8(HOSTILE));
					}
				}
				else {
					Poison poison = Poison.values()[(i / 2) % Poison.values().length];
					poisoned.put(eventId, poison);
					record = switch (poison) {
						case NOT_JSON -> record(key, "{not json", "order_placed", eventId);
						case NO_TYPE -> record(key, "{\"orderId\":\"x\",\"quantity\":1}", null, eventId);
						case HUGE_TYPE -> record(key, "{\"orderId\":\"x\",\"quantity\":1}", "order_placed" + HOSTILE, eventId);
						case INVALID_UTF8 -> {
							ProducerRecord<String, byte[]> invalid = record(key, "", "order_placed", eventId);
							byte[] value = new byte[] { '{', '"', 'o', 'r', 'd', 'e', 'r', 'I', 'd', '"', ':', '"', (byte) 0xC3,
									(byte) 0x28, '"', ',', '"', 'q', 'u', 'a', 'n', 't', 'i', 't', 'y', '"', ':', '1', '}' };
							yield new ProducerRecord<>(TOPIC, null, key, value, invalid.headers());
						}
						case WRONG_SHAPE -> record(key, "{\"orderId\":\"x\",\"quantity\":\"many\"}", "order_placed", eventId);
					};
				}
				producer.send(record);
			}
			producer.flush();
		}
	}

	private static ProducerRecord<String, byte[]> record(String key, String value, String type, String eventId) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, key, utf8(value));
		if (type != null) {
			record.headers().add("type", utf8(type));
		}
		record.headers().add("event_id", utf8(eventId)).add("correlation_id", utf8(UUID.randomUUID().toString()));
		return record;
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	record Order(String orderId, int quantity) {
	}

	@EventTranslator(topics = TOPIC)
	static class Orders {

		final Set<String> handled = ConcurrentHashMap.newKeySet();

		final Set<String> correlationIds = ConcurrentHashMap.newKeySet();

		final AtomicInteger invocations = new AtomicInteger();

		@OnEvent("order_placed")
		void on(Order order, EventMetadata metadata) {
			this.invocations.incrementAndGet();
			this.handled.add(order.orderId());
			this.correlationIds.add(metadata.correlationId());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Orders.class)
	static class App {

	}

}
