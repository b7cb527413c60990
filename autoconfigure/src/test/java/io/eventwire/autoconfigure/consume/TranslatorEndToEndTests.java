package io.eventwire.autoconfigure.consume;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import io.eventwire.EventMetadata;
import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.OutgoingEvent;
import io.eventwire.PublishResult;
import io.eventwire.consume.EventListenerContainers;
import io.eventwire.correlation.CorrelationId;
import io.eventwire.internal.Uuids;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Boot application with eventwire, application.yml and translators, against the embedded broker.
 */
@SpringBootTest(classes = TranslatorEndToEndTests.App.class, properties = "eventwire.consumer.concurrency=3")
class TranslatorEndToEndTests {

	static final String ORDERS = "e2e-orders";

	static final String SHARED = "e2e-shared";

	@Autowired
	EventPublisher publisher;

	@Autowired
	OrderTranslator orders;

	@Autowired
	PlacedTranslator placed;

	@Autowired
	CancelledTranslator cancelled;

	@Autowired
	EventListenerContainers containers;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@Test
	void publishedEventReachesTheTranslatorWithPayloadAndMetadata() {
		String correlationId = CorrelationId.generate();
		PublishResult result;
		try (CorrelationId.Scope scope = CorrelationId.open(correlationId)) {
			result = this.publisher
				.publishAsync(OutgoingEvent.builder(ORDERS, "order_placed", "order-1", new OrderPlaced("order-1", 3))
					.header("tenant", "acme")
					.build())
				.join();
		}

		Received received = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.orders.find("order-1"), (r) -> r != null);
		assertThat(received.payload()).isEqualTo(new OrderPlaced("order-1", 3));
		EventMetadata metadata = received.metadata();
		assertThat(metadata.topic()).isEqualTo(ORDERS);
		assertThat(metadata.type()).isEqualTo("order_placed");
		assertThat(metadata.key()).isEqualTo("order-1");
		assertThat(metadata.eventId()).isEqualTo(result.eventId());
		assertThat(metadata.correlationId()).isEqualTo(correlationId);
		assertThat(metadata.partition()).isEqualTo(result.partition());
		assertThat(metadata.offset()).isEqualTo(result.offset());
		assertThat(metadata.timestamp()).isBetween(Instant.now().minusSeconds(60), Instant.now());
		assertThat(metadata.headers()).containsEntry("type", "order_placed")
			.containsEntry("event_id", result.eventId())
			.containsEntry("correlation_id", correlationId)
			.containsEntry("tenant", "acme");
		// The handler ran with the event's correlation id current.
		assertThat(received.currentCorrelationId()).isEqualTo(correlationId);
	}

	@Test
	void twoTranslatorsOnOneTopicEachReceiveTheirTypesExactlyOnce() {
		int perType = 60;
		// All three consumers hold a partition of the topic before anything is published.
		io.eventwire.autoconfigure.KafkaTestSupport.awaitEveryConsumerAssigned(this.containers, SHARED);
		for (int i = 0; i < perType; i++) {
			this.publisher.publishAsync(SHARED, "order_placed", "key-" + i, new OrderPlaced("p-" + i, i));
			this.publisher.publishAsync(SHARED, "order_cancelled", "key-" + i, Map.of("orderId", "c-" + i));
			this.publisher.publishAsync(SHARED, "nobody_wants_this", "key-" + i, Map.of());
		}

		// during(): the counts must hold for a while, so a late duplicate would fail the test.
		await().atMost(Duration.ofSeconds(60))
			.during(Duration.ofSeconds(2))
			.until(() -> this.placed.received.size() == perType && this.cancelled.received.size() == perType);

		assertThat(this.placed.received).extracting((r) -> r.metadata().type()).containsOnly("order_placed");
		assertThat(this.cancelled.received).extracting((r) -> r.metadata().type()).containsOnly("order_cancelled");
		assertThat(ids(this.placed.received)).hasSize(perType);
		assertThat(ids(this.cancelled.received)).hasSize(perType);
		// Three partitions, served by three consumer threads of the one service group.
		assertThat(this.placed.received.stream().map((r) -> r.metadata().partition()).distinct()).hasSize(3);
		assertThat(this.placed.received.stream().map(Received::thread).distinct()).hasSize(3);
		assertThat(this.containers.getContainers()).hasSize(1);
	}

	@Test
	void eventFromAPlainProducerWithHexkitHeadersIsConsumed() {
		String eventId = Uuids.random();
		String correlationId = CorrelationId.generate();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", this.brokers), new StringSerializer(), new ByteArraySerializer())) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(ORDERS, "hexkit-1",
					"{\"orderId\":\"hexkit-1\",\"quantity\":7}".getBytes(StandardCharsets.UTF_8));
			record.headers().add("type", utf8("order_placed"));
			record.headers().add("correlation_id", utf8(correlationId));
			record.headers().add("event_id", utf8(eventId));
			producer.send(record);
		}

		Received received = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.orders.find("hexkit-1"), (r) -> r != null);
		assertThat(received.payload()).isEqualTo(new OrderPlaced("hexkit-1", 7));
		assertThat(received.metadata().eventId()).isEqualTo(eventId);
		assertThat(received.metadata().correlationId()).isEqualTo(correlationId);
	}

	@Test
	void publishedRecordHasExactlyTheWireFormatHeaders() {
		PublishResult result = this.publisher.publishAsync(ORDERS, "order_shipped", "order-9", Map.of("orderId", "order-9"))
			.join();

		ConsumerRecord<String, byte[]> record = readBack(result);
		assertThat(record.key()).isEqualTo("order-9");
		assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":\"order-9\"}");
		// Tracing is on in these tests: the producer's observation adds the W3C trace context, as the wire
		// format allows; nothing else is added.
		assertThat(Arrays.stream(record.headers().toArray()).map(Header::key)).containsExactly("type", "event_id",
				"correlation_id", "traceparent");
		assertThat(header(record, "traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
		assertThat(header(record, "type")).isEqualTo("order_shipped");
		assertThat(header(record, "event_id")).isEqualTo(result.eventId());
		assertThat(Uuids.isUuidV4(result.eventId())).isTrue();
		assertThat(header(record, "correlation_id")).isEqualTo(result.correlationId());
		assertThat(CorrelationId.isValid(result.correlationId())).isTrue();
	}

	@Test
	void unknownTypeIsSkippedAndTheNextEventOnThePartitionIsProcessed() {
		// Same key, so same partition, in this order.
		PublishResult unknown = this.publisher.publishAsync(ORDERS, "never_heard_of_it", "order-42", Map.of("x", 1))
			.join();
		PublishResult next = this.publisher.publishAsync(ORDERS, "order_placed", "order-42", new OrderPlaced("order-42", 1))
			.join();
		assertThat(next.partition()).isEqualTo(unknown.partition());

		Received received = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.orders.find("order-42"), (r) -> r != null);
		assertThat(received.metadata().offset()).isEqualTo(next.offset());
		assertThat(this.orders.received).noneMatch((r) -> r.metadata().type().equals("never_heard_of_it"));
	}

	private ConsumerRecord<String, byte[]> readBack(PublishResult result) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", this.brokers),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			TopicPartition partition = new TopicPartition(result.topic(), result.partition());
			consumer.assign(List.of(partition));
			consumer.seek(partition, result.offset());
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
				return !records.isEmpty();
			});
			return records.get(0);
		}
	}

	private static Set<String> ids(Queue<Received> received) {
		return received.stream().map((r) -> r.metadata().eventId()).collect(Collectors.toSet());
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	record OrderPlaced(String orderId, int quantity) {
	}

	record Received(Object payload, EventMetadata metadata, String currentCorrelationId, String thread) {

		static Received of(Object payload, EventMetadata metadata) {
			return new Received(payload, metadata, CorrelationId.current().orElse(null), Thread.currentThread().getName());
		}

	}

	@EventTranslator(topics = ORDERS)
	static class OrderTranslator {

		final Queue<Received> received = new ConcurrentLinkedQueue<>();

		@OnEvent("order_placed")
		void placed(OrderPlaced event, EventMetadata metadata) {
			this.received.add(Received.of(event, metadata));
		}

		Received find(String orderId) {
			return this.received.stream()
				.filter((r) -> ((OrderPlaced) r.payload()).orderId().equals(orderId))
				.findFirst()
				.orElse(null);
		}

	}

	@EventTranslator(topics = SHARED)
	static class PlacedTranslator {

		final Queue<Received> received = new ConcurrentLinkedQueue<>();

		@OnEvent("order_placed")
		void placed(OrderPlaced event, EventMetadata metadata) {
			this.received.add(Received.of(event, metadata));
		}

	}

	@EventTranslator(topics = SHARED)
	static class CancelledTranslator {

		final Queue<Received> received = new ConcurrentLinkedQueue<>();

		@OnEvent("order_cancelled")
		void cancelled(JsonNode event, EventMetadata metadata) {
			this.received.add(Received.of(event, metadata));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ OrderTranslator.class, PlacedTranslator.class, CancelledTranslator.class })
	static class App {

		@Bean
		NewTopic ordersTopic() {
			return TopicBuilder.name(ORDERS).partitions(3).replicas(1).build();
		}

		@Bean
		NewTopic sharedTopic() {
			return TopicBuilder.name(SHARED).partitions(3).replicas(1).build();
		}

	}

}
