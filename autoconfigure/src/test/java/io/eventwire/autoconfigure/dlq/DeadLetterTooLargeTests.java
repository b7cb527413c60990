package io.eventwire.autoconfigure.dlq;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import io.eventwire.PublishResult;
import io.eventwire.autoconfigure.KafkaTestSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dead letter the dead-letter topic cannot take never blocks its partition nor spins: one that
 * its failure headers push over the topic's {@code max.message.bytes} is shrunk (stack trace, then
 * message); one whose payload itself is too large is written without it, naming where the event
 * is; while the topic refuses every write, the partition waits with backoff, and the dead letter
 * arrives once it takes writes again. Before, the first blocked the partition for good and a
 * poison event was retried in a tight loop.
 */
@SpringBootTest(classes = DeadLetterTooLargeTests.App.class,
		properties = { "eventwire.service-name=" + DeadLetterTooLargeTests.SERVICE,
				"eventwire.dlq.topic=" + DeadLetterTooLargeTests.DLQ, "eventwire.dlq.key-order=false",
				"spring.kafka.producer.properties.delivery.timeout.ms=5000",
				"spring.kafka.producer.properties.request.timeout.ms=4000" })
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterTooLargeTests {

	static final String SERVICE = "dlq-large-it";

	static final String TOPIC = "dlq-large-orders";

	static final String DLQ = "dlq-large";

	static final int DLQ_MAX_BYTES = 16 * 1024;

	@Autowired
	EventPublisher publisher;

	@Autowired
	Handlers handlers;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@Test
	void aDeadLetterPushedOverTheTopicsLimitByItsHeadersIsShrunkAndThePartitionMovesOn() {
		// 15.6 KB of payload: with the stack trace (up to 8,000 characters) the dead letter is over 16 KB.
		PublishResult failed = this.publisher
			.publishAsync(TOPIC, "refused", "k-big", Map.of("id", "big", "data", "x".repeat(15_600)))
			.join();
		this.publisher.publish(TOPIC, "good", "k-next", Map.of("id", "after-big"));

		await().atMost(Duration.ofSeconds(30)).until(() -> this.handlers.good.contains("after-big"));
		ConsumerRecord<String, byte[]> dead = deadLetterOf(failed.eventId());
		assertThat(dead.value()).hasSizeGreaterThan(15_600);
		assertThat(header(dead, "exc_class")).isEqualTo("NonRetryableEventException");
		assertThat(header(dead, "exc_stacktrace")).isNull();
		assertThat(header(dead, "original_topic")).isEqualTo(TOPIC);
	}

	@Test
	void aFailingEventLargerThanTheDeadLetterTopicTakesIsDeadLetteredWithoutItsPayloadNamingWhereItIs() {
		PublishResult failed = this.publisher
			.publishAsync(TOPIC, "refused", "k-huge", Map.of("id", "huge", "data", "x".repeat(20_000)))
			.join();
		this.publisher.publish(TOPIC, "good", "k-next", Map.of("id", "after-huge"));

		await().atMost(Duration.ofSeconds(30)).until(() -> this.handlers.good.contains("after-huge"));
		ConsumerRecord<String, byte[]> dead = deadLetterOf(failed.eventId());
		assertThat(dead.value()).isNull();
		assertThat(header(dead, "eventwire_payload_omitted")).contains(TOPIC + "-" + failed.partition() + "@" + failed.offset())
			.contains("bytes");
		assertThat(header(dead, "original_topic")).isEqualTo(TOPIC);
		assertThat(header(dead, "original_offset")).isEqualTo(Long.toString(failed.offset()));
	}

	@Test
	void whileTheDeadLetterTopicRefusesWritesThePartitionWaitsWithoutAHotLoop(CapturedOutput output) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", this.brokers))) {
			KafkaTestSupport.setMaxMessageBytes(admin, DLQ, "100");
			try {
				int before = this.handlers.refused.size();
				PublishResult failed = this.publisher.publishAsync(TOPIC, "refused", "k-wait", Map.of("id", "wait"))
					.join();
				await().atMost(Duration.ofSeconds(20)).until(() -> this.handlers.refused.size() > before);
				await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(25))
					.until(() -> deadLetters(failed.eventId()).isEmpty());
				// With backoff doubling from 500 ms to 10 s: about 7 attempts in 20 s, not thousands.
				assertThat(this.handlers.refused.size() - before).isBetween(2, 15);
				assertThat(output.toString().lines().filter((line) -> line.contains("waiting for a dependency")
						&& line.contains(failed.eventId()))).hasSize(1);

				KafkaTestSupport.setMaxMessageBytes(admin, DLQ, Integer.toString(DLQ_MAX_BYTES));
				this.publisher.publish(TOPIC, "good", "k-next", Map.of("id", "after-wait"));
				await().atMost(Duration.ofSeconds(30)).until(() -> this.handlers.good.contains("after-wait"));
				assertThat(deadLetters(failed.eventId())).hasSize(1);
			}
			finally {
				KafkaTestSupport.setMaxMessageBytes(admin, DLQ, Integer.toString(DLQ_MAX_BYTES));
			}
		}
	}

	private ConsumerRecord<String, byte[]> deadLetterOf(String eventId) {
		return await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters(eventId), (found) -> found.size() == 1).get(0);
	}

	private List<ConsumerRecord<String, byte[]>> deadLetters(String originalEventId) {
		return readAll(this.brokers, DLQ, (record) -> originalEventId.equals(header(record, "original_event_id")));
	}

	@EventTranslator(topics = TOPIC)
	static class Handlers {

		final Queue<String> refused = new ConcurrentLinkedQueue<>();

		final Queue<String> good = new ConcurrentLinkedQueue<>();

		@OnEvent("refused")
		void refused(Map<String, String> event) {
			this.refused.add(event.get("id"));
			throw new NonRetryableEventException("order " + event.get("id") + " is refused");
		}

		@OnEvent("good")
		void good(Map<String, String> event) {
			this.good.add(event.get("id"));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Handlers.class)
	static class App {

		@Bean
		NewTopic ordersTopic() {
			return TopicBuilder.name(TOPIC).partitions(1).replicas(1).build();
		}

		// As an operator would create it: dead letters up to 16 KB.
		@Bean
		NewTopic eventwireDeadLetterTopic() {
			return TopicBuilder.name(DLQ)
				.partitions(1)
				.replicas(1)
				.config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(DLQ_MAX_BYTES))
				.build();
		}

	}

}
