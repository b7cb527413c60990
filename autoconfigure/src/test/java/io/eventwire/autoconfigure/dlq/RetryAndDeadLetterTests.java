package io.eventwire.autoconfigure.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.eventwire.EventMetadata;
import io.eventwire.autoconfigure.KafkaTestSupport;
import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import io.eventwire.PublishResult;
import io.eventwire.correlation.CorrelationId;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.dlq.Replay;
import io.eventwire.internal.Uuids;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static io.eventwire.autoconfigure.KafkaTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retries with backoff, the dead-letter topic, poison events, the retry topic and replay, against
 * the embedded broker. Each test uses its own event types, so the metrics can be checked per test.
 * Key order is off here: the later events of a dead letter's key are handled at once, as they were
 * before key order existed (KeyOrderTests has it on).
 */
@SpringBootTest(classes = RetryAndDeadLetterTests.App.class,
		properties = { "eventwire.service-name=" + RetryAndDeadLetterTests.SERVICE, "eventwire.retry.max-retries=3",
				"eventwire.retry.backoff=200ms", "eventwire.retry.max-backoff=5s",
				"eventwire.dlq.non-retryable-exceptions=java.lang.UnsupportedOperationException",
				"eventwire.dlq.key-order=false",
				"management.endpoints.web.exposure.include=eventwireDlq" })
class RetryAndDeadLetterTests {

	static final String SERVICE = "dlq-it";

	static final String TOPIC = "dlq-it-orders";

	static final String RETRY_TOPIC = "retry-" + SERVICE;

	@Autowired
	EventPublisher publisher;

	@Autowired
	Handlers handlers;

	@Autowired
	DeadLetters deadLetters;

	@Autowired
	DeadLetterEndpoint endpoint;

	@Autowired
	MeterRegistry meters;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@Test
	void handlerFailingTwiceThenSucceedingIsCalledThreeTimesAndNothingIsDeadLettered() {
		PublishResult result = this.publisher.publishAsync(TOPIC, "flaky", "k-flaky", new Order("f-1", 1)).join();

		await().atMost(Duration.ofSeconds(30)).until(() -> this.handlers.succeeded("flaky").contains("f-1"));
		assertThat(this.handlers.calls("flaky", "f-1")).isEqualTo(3);
		assertThat(deadLettersFor(result.eventId())).isEmpty();
		assertThat(count("eventwire.events.consumed", "flaky")).isEqualTo(1);
		assertThat(count("eventwire.events.failed", "flaky")).isEqualTo(2);
		assertThat(count("eventwire.events.retried", "flaky")).isEqualTo(2);
		assertThat(count("eventwire.events.dead.lettered", "flaky")).isZero();
	}

	@Test
	void handlerThatAlwaysFailsIsRetriedWithBackoffThenDeadLetteredAndThePartitionMovesOn() {
		String correlationId = CorrelationId.generate();
		PublishResult failed;
		try (CorrelationId.Scope scope = CorrelationId.open(correlationId)) {
			failed = this.publisher.publishAsync(TOPIC, "broken", "k-broken", new Order("b-1", 1)).join();
		}
		PublishResult next = this.publisher.publishAsync(TOPIC, "good", "k-broken", new Order("after-broken", 1))
			.join();
		assertThat(next.partition()).isEqualTo(failed.partition());

		await().atMost(Duration.ofSeconds(30)).until(() -> this.handlers.succeeded("good").contains("after-broken"));
		List<Instant> attempts = this.handlers.attempts("broken", "b-1");
		assertThat(attempts).hasSize(4);
		// Backoff 200 ms, doubling: the gaps are at least 200, 400 and 800 ms.
		assertThat(Duration.between(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(190));
		assertThat(Duration.between(attempts.get(1), attempts.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(390));
		assertThat(Duration.between(attempts.get(2), attempts.get(3))).isGreaterThanOrEqualTo(Duration.ofMillis(790));

		ConsumerRecord<String, byte[]> dead = awaitDeadLetter(failed.eventId());
		assertThat(dead.key()).isEqualTo("k-broken");
		assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":\"b-1\",\"quantity\":1}");
		assertThat(header(dead, "type")).isEqualTo("broken");
		assertThat(header(dead, "correlation_id")).isEqualTo(correlationId);
		assertThat(header(dead, "event_id")).isNotEqualTo(failed.eventId()).satisfies((id) -> Uuids.isUuidV4(id));
		assertThat(header(dead, "original_topic")).isEqualTo(TOPIC);
		assertThat(header(dead, "original_event_id")).isEqualTo(failed.eventId());
		assertThat(header(dead, "service")).isEqualTo(SERVICE);
		assertThat(header(dead, "exc_class")).isEqualTo("IllegalStateException");
		assertThat(header(dead, "exc_msg")).isEqualTo("broken handler for b-1");
		assertThat(header(dead, "original_partition")).isEqualTo(Integer.toString(failed.partition()));
		assertThat(header(dead, "original_offset")).isEqualTo(Long.toString(failed.offset()));
		assertThat(Instant.parse(header(dead, "failed_at"))).isBetween(attempts.get(3).minusSeconds(1), Instant.now());
		assertThat(header(dead, "attempts")).isEqualTo("4");
		assertThat(header(dead, "exc_stacktrace")).startsWith("java.lang.IllegalStateException: broken handler for b-1")
			.hasSizeLessThanOrEqualTo(8000);
		// Each header once: no stale copy of event_id next to the new one.
		assertThat(dead.headers().headers("event_id")).hasSize(1);

		assertThat(count("eventwire.events.failed", "broken")).isEqualTo(4);
		assertThat(count("eventwire.events.retried", "broken")).isEqualTo(3);
		assertThat(count("eventwire.events.dead.lettered", "broken")).isEqualTo(1);
		assertThat(count("eventwire.events.consumed", "broken")).isZero();
	}

	@Test
	void poisonEventsGoToTheDeadLetterTopicAtOnceAndTheNextEventIsHandled() throws Exception {
		String notJson = send(TOPIC, "k-poison", "{not json", Map.of("type", "strict"));
		String wrongShape = send(TOPIC, "k-poison", "{\"orderId\":\"x\",\"quantity\":\"many\"}", Map.of("type", "strict"));
		String noType = send(TOPIC, "k-poison", "{\"orderId\":\"x\",\"quantity\":1}", Map.of());
		String invalid = send(TOPIC, "k-poison", "{\"orderId\":\"\",\"quantity\":0}", Map.of("type", "validated"));
		String refused = send(TOPIC, "k-poison", "{\"orderId\":\"r\",\"quantity\":1}", Map.of("type", "refused"));
		String configured = send(TOPIC, "k-poison", "{\"orderId\":\"u\",\"quantity\":1}", Map.of("type", "unsupported"));
		this.publisher.publish(TOPIC, "good", "k-poison", new Order("after-poison", 1));

		await().atMost(Duration.ofSeconds(30)).until(() -> this.handlers.succeeded("good").contains("after-poison"));
		assertDeadLetteredAtOnce(notJson, "EventPayloadException", "does not bind");
		assertDeadLetteredAtOnce(wrongShape, "EventPayloadException", "does not bind");
		assertDeadLetteredAtOnce(noType, "MissingEventTypeException", "has no 'type' header");
		assertDeadLetteredAtOnce(invalid, "EventValidationException", "orderId must not be blank");
		assertDeadLetteredAtOnce(refused, "NonRetryableEventException", "refused r");
		assertDeadLetteredAtOnce(configured, "UnsupportedOperationException", "unsupported u");
		assertThat(this.handlers.calls("strict", "x")).isZero();
		assertThat(this.handlers.calls("validated", "")).isZero();
		assertThat(this.handlers.calls("refused", "r")).isEqualTo(1);
		assertThat(this.handlers.calls("unsupported", "u")).isEqualTo(1);

		assertThat(count("eventwire.events.failed", "strict")).isEqualTo(2);
		assertThat(count("eventwire.events.retried", "strict")).isZero();
		assertThat(count("eventwire.events.dead.lettered", "strict")).isEqualTo(2);
		assertThat(count("eventwire.events.dead.lettered", "validated")).isEqualTo(1);
		assertThat(count("eventwire.events.retried", "refused")).isZero();
		assertThat(count("eventwire.events.retried", "unsupported")).isZero();
	}

	@Test
	void replayedDeadLetterReachesTheOriginalHandlerAndDiscardRemovesOne() {
		String correlationId = CorrelationId.generate();
		PublishResult failed;
		PublishResult discarded;
		try (CorrelationId.Scope scope = CorrelationId.open(correlationId)) {
			failed = this.publisher.publishAsync(TOPIC, "toggle", "k-replay", new Order("t-1", 1)).join();
			discarded = this.publisher.publishAsync(TOPIC, "toggle", "k-replay", new Order("t-2", 1)).join();
		}
		DeadLetter first = await().atMost(Duration.ofSeconds(60))
			.until(() -> pendingFor(failed.eventId()), (letter) -> letter != null);
		DeadLetter second = await().atMost(Duration.ofSeconds(60))
			.until(() -> pendingFor(discarded.eventId()), (letter) -> letter != null);
		assertThat(first.service()).isEqualTo(SERVICE);
		assertThat(first.originalTopic()).isEqualTo(TOPIC);
		assertThat(first.type()).isEqualTo("toggle");
		assertThat(first.key()).isEqualTo("k-replay");
		assertThat(first.reason()).isEqualTo("IllegalStateException: toggle is off for t-1");
		assertThat(first.attempts()).isEqualTo(4);
		assertThat(first.failedAt()).isNotNull();
		int callsBefore = this.handlers.calls("toggle", "t-1");

		this.handlers.toggleOn.set(true);
		assertThat(this.endpoint.replay(first.eventId(), null, null, null)).asInstanceOf(InstanceOfAssertFactories.type(Replay.class))
			.extracting((replay) -> replay.deadLetter().eventId())
			.isEqualTo(first.eventId());

		Received replayed = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.handlers.received("toggle", "t-1"), (r) -> r != null);
		assertThat(replayed.metadata().topic()).isEqualTo(TOPIC);
		assertThat(replayed.metadata().correlationId()).isEqualTo(correlationId);
		assertThat(replayed.metadata().eventId()).isNotIn(failed.eventId(), first.eventId());
		assertThat(replayed.metadata().headers()).containsEntry("original_topic", TOPIC)
			.doesNotContainKeys("service", "exc_class", "exc_msg", "exc_stacktrace", "attempts");
		assertThat(this.handlers.calls("toggle", "t-1")).isEqualTo(callsBefore + 1);
		assertThat(count("eventwire.events.replayed", "toggle")).isEqualTo(1);

		assertThat(this.endpoint.discard(second.eventId()).eventId()).isEqualTo(second.eventId());
		assertThat(this.endpoint.deadLetters(null, null, null, null, null, null).deadLetters()).extracting(DeadLetter::eventId)
			.doesNotContain(first.eventId(), second.eventId());
		assertThat(this.handlers.received("toggle", "t-2")).isNull();
	}

	@Test
	void recordRequeuedOnTheRetryTopicTheHexkitWayReachesTheOriginalHandler() throws Exception {
		String eventId = Uuids.random();
		String correlationId = CorrelationId.generate();
		send(RETRY_TOPIC, "k-retry", "{\"orderId\":\"from-retry\",\"quantity\":2}", Map.of("type", "good",
				"event_id", eventId, "correlation_id", correlationId, "original_topic", TOPIC));

		Received received = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.handlers.received("good", "from-retry"), (r) -> r != null);
		assertThat(received.metadata().topic()).isEqualTo(TOPIC);
		assertThat(received.metadata().eventId()).isEqualTo(eventId);
		assertThat(received.metadata().correlationId()).isEqualTo(correlationId);
	}

	@Test
	void retryTopicRecordWithoutOriginalTopicIsDeadLettered() throws Exception {
		String eventId = send(RETRY_TOPIC, "k-retry-bad", "{\"orderId\":\"lost\",\"quantity\":2}",
				Map.of("type", "good"));

		ConsumerRecord<String, byte[]> dead = awaitDeadLetter(eventId);
		assertThat(header(dead, "exc_class")).isEqualTo("InvalidRetryRecordException");
		assertThat(header(dead, "original_topic")).isEqualTo(RETRY_TOPIC);
		assertThat(this.handlers.received("good", "lost")).isNull();
	}

	private void assertDeadLetteredAtOnce(String eventId, String exceptionClass, String reason) {
		ConsumerRecord<String, byte[]> dead = awaitDeadLetter(eventId);
		assertThat(header(dead, "exc_class")).isEqualTo(exceptionClass);
		assertThat(header(dead, "exc_msg")).contains(reason);
		assertThat(header(dead, "attempts")).isEqualTo("1");
	}

	/** Sends a raw record with a known event id, as another client would, and returns the id. */
	private String send(String topic, String key, String value, Map<String, String> headers) throws Exception {
		String eventId = Uuids.random();
		Map<String, String> all = new java.util.HashMap<>(headers);
		all.putIfAbsent("event_id", eventId);
		KafkaTestSupport.send(this.brokers, topic, key, value, all);
		return all.get("event_id");
	}

	private ConsumerRecord<String, byte[]> awaitDeadLetter(String originalEventId) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> deadLettersFor(originalEventId), (records) -> !records.isEmpty())
			.get(0);
	}

	private List<ConsumerRecord<String, byte[]>> deadLettersFor(String originalEventId) {
		return readAll(this.brokers, "dlq", (record) -> originalEventId.equals(header(record, "original_event_id")));
	}

	private DeadLetter pendingFor(String originalEventId) {
		return this.deadLetters.list()
			.stream()
			.filter((letter) -> letter.originalEventId().equals(originalEventId))
			.findFirst()
			.orElse(null);
	}

	private double count(String name, String type) {
		var counter = this.meters.find(name).tags("topic", TOPIC, "type", type).counter();
		return (counter != null) ? counter.count() : 0;
	}

	record Order(String orderId, int quantity) {
	}

	record ValidOrder(@NotBlank String orderId, @Min(1) int quantity) {
	}

	record Received(Object payload, EventMetadata metadata) {
	}

	@EventTranslator(topics = TOPIC)
	static class Handlers {

		final Map<String, Queue<Instant>> attempts = new ConcurrentHashMap<>();

		final Map<String, Received> received = new ConcurrentHashMap<>();

		final AtomicBoolean toggleOn = new AtomicBoolean();

		@OnEvent("flaky")
		void flaky(Order order, EventMetadata metadata) {
			if (attempt("flaky", order.orderId()) <= 2) {
				throw new IllegalStateException("flaky failure " + order.orderId());
			}
			succeed("flaky", order, metadata);
		}

		@OnEvent("broken")
		void broken(Order order) {
			attempt("broken", order.orderId());
			throw new IllegalStateException("broken handler for " + order.orderId());
		}

		@OnEvent("good")
		void good(Order order, EventMetadata metadata) {
			attempt("good", order.orderId());
			succeed("good", order, metadata);
		}

		@OnEvent("strict")
		void strict(Order order) {
			attempt("strict", order.orderId());
		}

		@OnEvent("validated")
		void validated(@Valid ValidOrder order) {
			attempt("validated", order.orderId());
		}

		@OnEvent("refused")
		void refused(Order order) {
			attempt("refused", order.orderId());
			throw new NonRetryableEventException("refused " + order.orderId());
		}

		@OnEvent("unsupported")
		void unsupported(Order order) {
			attempt("unsupported", order.orderId());
			throw new UnsupportedOperationException("unsupported " + order.orderId());
		}

		@OnEvent("toggle")
		void toggle(Order order, EventMetadata metadata) {
			attempt("toggle", order.orderId());
			if (!this.toggleOn.get()) {
				throw new IllegalStateException("toggle is off for " + order.orderId());
			}
			succeed("toggle", order, metadata);
		}

		private int attempt(String type, String id) {
			Queue<Instant> queue = this.attempts.computeIfAbsent(type + "/" + id, (k) -> new ConcurrentLinkedQueue<>());
			queue.add(Instant.now());
			return queue.size();
		}

		private void succeed(String type, Order order, EventMetadata metadata) {
			this.received.put(type + "/" + order.orderId(), new Received(order, metadata));
		}

		int calls(String type, String id) {
			Queue<Instant> queue = this.attempts.get(type + "/" + id);
			return (queue != null) ? queue.size() : 0;
		}

		List<Instant> attempts(String type, String id) {
			return List.copyOf(this.attempts.getOrDefault(type + "/" + id, new ConcurrentLinkedQueue<>()));
		}

		Received received(String type, String id) {
			return this.received.get(type + "/" + id);
		}

		List<String> succeeded(String type) {
			return this.received.keySet()
				.stream()
				.filter((key) -> key.startsWith(type + "/"))
				.map((key) -> key.substring(type.length() + 1))
				.toList();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Handlers.class)
	static class App {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		NewTopic ordersTopic() {
			return TopicBuilder.name(TOPIC).partitions(2).replicas(1).build();
		}

	}

}
