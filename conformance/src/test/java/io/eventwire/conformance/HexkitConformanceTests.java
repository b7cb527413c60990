package io.eventwire.conformance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.eventwire.EventPublisher;
import io.eventwire.OutgoingEvent;
import io.eventwire.conformance.ConformanceApp.Order;
import io.eventwire.conformance.ConformanceApp.Received;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxDaoFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;

import static io.eventwire.conformance.ConformanceApp.DLQ;
import static io.eventwire.conformance.ConformanceApp.FROM_HEXKIT;
import static io.eventwire.conformance.ConformanceApp.ORDERS;
import static io.eventwire.conformance.ConformanceApp.OUTBOX;
import static io.eventwire.conformance.ConformanceApp.RESOURCES;
import static io.eventwire.conformance.ConformanceApp.RETRY;
import static io.eventwire.conformance.ConformanceApp.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * eventwire and hexkit 8.6 on one broker, the hexkit side played by an independent client applying
 * hexkit's rules ({@link HexkitClient}): what eventwire writes decodes under them, text outside
 * ASCII included, and what hexkit writes, or its DLQ service requeues, reaches eventwire's handlers.
 */
class HexkitConformanceTests {

	static EmbeddedKafkaKraftBroker kafka;

	static MongoServer mongo;

	static ConfigurableApplicationContext app;

	static HexkitClient hexkit;

	@BeforeAll
	static void start() {
		HexkitClient.requireInstalled();
		kafka = new EmbeddedKafkaKraftBroker(1, 2, ORDERS, OUTBOX, RESOURCES, FROM_HEXKIT, RETRY, DLQ);
		kafka.afterPropertiesSet();
		mongo = new MongoServer(new MemoryBackend());
		app = new SpringApplicationBuilder(ConformanceApp.class).web(WebApplicationType.NONE)
			.run("--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
					"--spring.mongodb.uri=" + mongo.bindAndGetConnectionString() + "/conformance",
					"--eventwire.service-name=" + ConformanceApp.SERVICE, "--eventwire.retry.backoff=100ms",
					"--spring.main.banner-mode=off");
		hexkit = new HexkitClient(kafka.getBrokersAsString());
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
		if (kafka != null) {
			kafka.destroy();
		}
		if (mongo != null) {
			mongo.shutdownNow();
		}
	}

	@Test
	void everythingEventwireWritesIsAsciiAndDecodesUnderHexkitsRules() {
		app.getBean(EventPublisher.class).publish(ORDERS, "order_placed", "o-1", new Order("o-1", TEXT));
		app.getBean(EventOutbox.class).publish(OUTBOX, "order_placed", "o-2", new Order("o-2", TEXT));
		app.getBean(EventPublisher.class).publish(ORDERS, "order_refused", "o-3", new Order("o-3", TEXT));
		// A version header, which hexkit's consumers neither need nor mind.
		app.getBean(EventPublisher.class)
			.publishAsync(OutgoingEvent.builder(ORDERS, "order_placed", "o-5", new Order("o-5", TEXT)).version(2).build())
			.join();
		app.getBean(OutboxDaoFactory.class).<Order, String>create("resources", Order.class, "id", RESOURCES)
			.insert(new Order("o-4", TEXT));
		DeadLetters deadLetters = app.getBean(DeadLetters.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> deadLetters.list().stream().anyMatch((letter) -> "o-3".equals(letter.key())));
		// All of them: the other test's dead letters may be ahead of it in the dead-letter topic.
		deadLetters.replayAll();
		await().atMost(Duration.ofSeconds(30)).until(() -> hasKey(OUTBOX, "o-2") && hasKey(RESOURCES, "o-4") && hasKey(RETRY, "o-3"));
		// Read back by eventwire (Jackson, leniently): the same text.
		assertThat(received("o-1").order().customer()).isEqualTo(TEXT);

		for (String topic : List.of(ORDERS, OUTBOX, RESOURCES, DLQ, RETRY)) {
			for (ConsumerRecord<byte[], byte[]> record : RawRecords.of(kafka.getBrokersAsString(), topic)) {
				assertThat(RawRecords.isAscii(record.value())).as("value of %s@%d is ASCII", topic, record.offset()).isTrue();
				for (Header header : record.headers()) {
					assertThat(RawRecords.isAscii(header.value())).as("header %s of %s@%d is ASCII", header.key(), topic,
							record.offset()).isTrue();
				}
			}
			List<JsonNode> decoded = hexkit.consume(topic);
			assertThat(decoded).as("%s as hexkit decodes it", topic).isNotEmpty().allSatisfy((record) -> {
				assertThat(record.has("error")).as("decoding error: %s", record).isFalse();
				assertThat(record.get("value").get("customer").asString()).isEqualTo(TEXT);
				assertThat(record.get("headers").propertyNames()).contains("type", "event_id", "correlation_id");
			});
		}
		assertThat(decoded(ORDERS, "o-5").get("headers").get("schema_version").asString()).isEqualTo("2");
		JsonNode deadLetter = decoded(DLQ, "o-3");
		assertThat(deadLetter.get("headers").get("exc_msg").asString())
			.isEqualTo("Kein Versand an M\\u00fcller \\u2013 Z\\u00fcrich \\u6771\\u4eac \\ud83d\\ude00");
		assertThat(deadLetter.get("headers").get("original_topic").asString()).isEqualTo(ORDERS);
		assertThat(decoded(RETRY, "o-3").get("headers").get("original_topic").asString()).isEqualTo(ORDERS);
	}

	@Test
	void hexkitsRecordsAndItsDlqServicesRequeuesReachEventwiresHandlers() {
		String correlationId = UUID.randomUUID().toString();
		String eventId = UUID.randomUUID().toString();
		hexkit.produce(FROM_HEXKIT, List.of(hexkitRecord("h-1", "order_placed", eventId, correlationId),
				hexkitRecord("h-2", "order_placed", null, correlationId),
				hexkitRecord("h-3", "order_placed", "not-a-uuid", correlationId),
				hexkitRecord("h-4", "", UUID.randomUUID().toString(), correlationId)));
		// ghga-de/dlq-service requeues with original_topic and a fresh event_id; and a retry record
		// naming the retry topic itself.
		hexkit.produce(RETRY,
				List.of(hexkitRecord("h-5", "order_placed", UUID.randomUUID().toString(), correlationId,
						List.of("original_topic", FROM_HEXKIT)),
						hexkitRecord("h-6", "order_placed", UUID.randomUUID().toString(), correlationId,
								List.of("original_topic", RETRY))));

		Received h1 = received("h-1");
		assertThat(h1.order().customer()).isEqualTo(TEXT);
		assertThat(h1.metadata().eventId()).isEqualTo(eventId);
		assertThat(h1.metadata().correlationId()).isEqualTo(correlationId);
		// A missing or malformed event_id gets a new one, as hexkit gives it.
		assertThat(received("h-2").metadata().eventId()).matches("[0-9a-f-]{36}");
		assertThat(received("h-3").metadata().eventId()).matches("[0-9a-f-]{36}").isNotEqualTo("not-a-uuid");
		assertThat(received("h-5").metadata().topic()).isEqualTo(FROM_HEXKIT);
		// What hexkit ignores with a log line (an empty type, a retry record naming the retry topic),
		// eventwire dead-letters: never dropped.
		DeadLetters deadLetters = app.getBean(DeadLetters.class);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetters.list())
			.filteredOn((letter) -> List.of("h-4", "h-6").contains(letter.key()))
			.extracting(DeadLetter::key, DeadLetter::exceptionClass)
			.containsExactlyInAnyOrder(tuple("h-4", "MissingEventTypeException"),
					tuple("h-6", "InvalidRetryRecordException")));
	}

	@Test
	void utf8FromOtherProducersIsReadButWouldStopAHexkitConsumer() throws Exception {
		byte[] utf8 = ("{\"id\":\"u-1\",\"customer\":\"" + TEXT + "\"}").getBytes(StandardCharsets.UTF_8);
		Map<String, Object> configs = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(configs, new StringSerializer(),
				new ByteArraySerializer())) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(FROM_HEXKIT, "u-1", utf8);
			record.headers().add("type", "order_placed".getBytes(StandardCharsets.US_ASCII));
			record.headers().add("event_id", UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
			record.headers().add("correlation_id", UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
			producer.send(record).get();
		}

		assertThat(received("u-1").order().customer()).isEqualTo(TEXT);
		assertThat(hexkit.consume(FROM_HEXKIT)).filteredOn((decoded) -> "u-1".equals(decoded.path("key").asString()))
			.singleElement()
			.satisfies((decoded) -> assertThat(decoded.get("error").asString()).startsWith("UnicodeDecodeError"));
	}

	// As hexkit's publisher writes it: the given headers, then type, event_id and correlation_id.
	@SafeVarargs
	private static Map<String, Object> hexkitRecord(String key, String type, @Nullable String eventId,
			String correlationId, List<String>... given) {
		List<List<String>> headers = new ArrayList<>(List.of(given));
		headers.add(List.of("type", type));
		if (eventId != null) {
			headers.add(List.of("event_id", eventId));
		}
		headers.add(List.of("correlation_id", correlationId));
		return Map.of("key", key, "payload", Map.of("id", key, "customer", TEXT), "headers", headers);
	}

	private static boolean hasKey(String topic, String key) {
		return RawRecords.of(kafka.getBrokersAsString(), topic)
			.stream()
			.anyMatch((record) -> record.key() != null && key.equals(new String(record.key(), StandardCharsets.US_ASCII)));
	}

	private static JsonNode decoded(String topic, String key) {
		return hexkit.consume(topic)
			.stream()
			.filter((record) -> key.equals(record.path("key").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No record of key " + key + " in " + topic));
	}

	private static Received received(String orderId) {
		ConformanceApp.Orders orders = app.getBean(ConformanceApp.Orders.class);
		return await().atMost(Duration.ofSeconds(30)).until(() -> orders.received.get(orderId), (r) -> r != null);
	}

}
