package io.eventwire.autoconfigure.dlq;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.eventwire.EventMetadata;
import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetterNotFoundException;
import io.eventwire.dlq.DeadLetterQuery;
import io.eventwire.dlq.DeadLetterSummary;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.dlq.KafkaDeadLetters;
import io.eventwire.dlq.Replay;
import io.eventwire.dlq.ReplayOptions;
import io.eventwire.metrics.EventMetrics;
import io.eventwire.publish.EventProducer;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;

import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * What an operator does with dead letters: a dry run, a corrected payload, a replay that is not
 * repeated, also not after a restart, paging, filters and the summary.
 */
@SpringBootTest(classes = DeadLetterOperationsTests.App.class,
		properties = { "eventwire.service-name=" + DeadLetterOperationsTests.SERVICE, "eventwire.dlq.key-order=false" })
class DeadLetterOperationsTests {

	static final String SERVICE = "dlq-ops";

	static final String TOPIC = "dlq-ops-orders";

	static final String RETRY = "retry-" + SERVICE;

	@Autowired
	EventPublisher publisher;

	@Autowired
	DeadLetters deadLetters;

	@Autowired
	Orders orders;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@Test
	void aDryRunShowsWhatWouldBePublishedAndACorrectedPayloadIsRecorded() {
		DeadLetter letter = deadLetter("a-1");

		Replay dryRun = this.deadLetters.replay(letter.eventId(), ReplayOptions.dryRunOnly());
		assertThat(dryRun.published()).isFalse();
		assertThat(dryRun.topic()).isEqualTo(RETRY);
		assertThat(dryRun.key()).isEqualTo("a-1");
		assertThat(dryRun.payload()).isEqualTo("{\"id\":\"a-1\",\"valid\":false,\"n\":1}");
		assertThat(dryRun.headers()).containsEntry("original_topic", TOPIC)
			.containsEntry("type", "order")
			.doesNotContainKeys("exc_class", "exc_msg", "service")
			.hasEntrySatisfying("event_id", (id) -> assertThat(id).isNotEqualTo(letter.eventId()));
		assertThat(pending()).extracting(DeadLetter::eventId).contains(letter.eventId());
		assertThat(readAll(this.brokers, RETRY, (record) -> "a-1".equals(record.key()))).isEmpty();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.deadLetters.replay(letter.eventId(), ReplayOptions.withPayload("{\"id\": ")))
			.withMessageContaining("The corrected payload is not JSON");
		Replay corrected = this.deadLetters.replay(letter.eventId(),
				ReplayOptions.withPayload("{\"id\":\"a-1\",\"valid\":true}"));

		assertThat(corrected.published()).isTrue();
		assertThat(corrected.headers()).containsEntry("event_id", dryRun.headers().get("event_id"))
			.containsEntry(ReplayOptions.PAYLOAD_CORRECTED_HEADER, letter.eventId());
		EventMetadata handled = await().atMost(Duration.ofSeconds(30)).until(() -> this.orders.handled.get("a-1"),
				(metadata) -> metadata != null);
		assertThat(handled.topic()).isEqualTo(TOPIC);
		assertThat(handled.headers()).containsEntry(ReplayOptions.PAYLOAD_CORRECTED_HEADER, letter.eventId());
	}

	@Test
	void aReplayedDeadLetterIsNeverOfferedNorPublishedAgainAlsoAfterARestart(
			@Qualifier("eventwireListenerContainerFactory") @Autowired ConcurrentKafkaListenerContainerFactory<String, byte[]> factory,
			@Autowired EventProducer producer, @Autowired EventMetrics metrics) {
		DeadLetter first = deadLetter("b-1");
		DeadLetter second = publishAndAwait("b-1", 2);
		DeadLetter other = deadLetter("b-2");

		// Behind two of another key in the same partition, it is replayed: they hold it up no longer.
		this.deadLetters.replay(other.eventId());
		assertThatExceptionOfType(DeadLetterNotFoundException.class)
			.isThrownBy(() -> this.deadLetters.replay(other.eventId()))
			.withMessageContaining("is no longer pending: replayed at");

		@SuppressWarnings("unchecked")
		DeadLetters restarted = new KafkaDeadLetters((ConsumerFactory<String, byte[]>) factory.getConsumerFactory(),
				producer, "dlq", SERVICE, RETRY, metrics, null);
		assertThat(restarted.list()).extracting(DeadLetter::eventId)
			.contains(first.eventId(), second.eventId())
			.doesNotContain(other.eventId());
		assertThatExceptionOfType(DeadLetterNotFoundException.class)
			.isThrownBy(() -> restarted.replay(other.eventId()))
			.withMessageContaining("replayed at");
		assertThat(readAll(this.brokers, RETRY, (record) -> "b-2".equals(record.key()))).hasSize(1);

		assertThat(restarted.page(new DeadLetterQuery(TOPIC, null, null, "b-1", 0, 1))).satisfies((page) -> {
			assertThat(page.total()).isEqualTo(2);
			assertThat(page.deadLetters()).extracting(DeadLetter::eventId).containsExactly(first.eventId());
			assertThat(page.deadLetters().get(0).payload()).isEqualTo("{\"id\":\"b-1\",\"valid\":false,\"n\":1}");
		});
		DeadLetterSummary summary = restarted.summary();
		assertThat(summary.byOriginalTopic()).filteredOn((group) -> group.name().equals(TOPIC))
			.singleElement()
			.satisfies((group) -> {
				assertThat(group.count()).isGreaterThanOrEqualTo(2);
				assertThat(group.oldest()).isNotNull();
				assertThat(group.newest()).isAfterOrEqualTo(group.oldest());
			});
		assertThat(summary.byExceptionClass()).extracting(DeadLetterSummary.Group::name)
			.contains("NonRetryableEventException");
	}

	private DeadLetter deadLetter(String key) {
		return publishAndAwait(key, 1);
	}

	// The n-th dead letter of the key.
	private DeadLetter publishAndAwait(String key, int n) {
		Map<String, Object> order = new LinkedHashMap<>();
		order.put("id", key);
		order.put("valid", false);
		order.put("n", n);
		this.publisher.publish(TOPIC, "order", key, order);
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> pending().stream().filter((letter) -> key.equals(letter.key())).toList(),
					(letters) -> letters.size() >= n)
			.get(n - 1);
	}

	private List<DeadLetter> pending() {
		return this.deadLetters.list().stream().filter((letter) -> TOPIC.equals(letter.originalTopic())).toList();
	}

	@EventTranslator(topics = TOPIC)
	static class Orders {

		final Map<String, EventMetadata> handled = new ConcurrentHashMap<>();

		@OnEvent("order")
		void on(Map<String, Object> order, EventMetadata metadata) {
			if (Boolean.FALSE.equals(order.get("valid"))) {
				throw new NonRetryableEventException("invalid order " + order.get("id"));
			}
			this.handled.put((String) order.get("id"), metadata);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Orders.class)
	static class App {

		@Bean
		NewTopic dlqOpsTopic() {
			return TopicBuilder.name(TOPIC).partitions(1).replicas(1).build();
		}

	}

}
