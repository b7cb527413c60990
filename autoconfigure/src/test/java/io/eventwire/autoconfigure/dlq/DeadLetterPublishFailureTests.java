package io.eventwire.autoconfigure.dlq;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.PublishResult;
import io.eventwire.autoconfigure.KafkaTestSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
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
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the dead-letter topic cannot be written, the failed event's offset is not committed and the
 * partition waits; once the fault is removed the event ends in the dead-letter topic exactly once
 * and the partition moves on. The fault: the dead-letter topic only accepts tiny messages.
 */
@SpringBootTest(classes = DeadLetterPublishFailureTests.App.class,
		properties = { "eventwire.service-name=" + DeadLetterPublishFailureTests.SERVICE,
				"eventwire.dlq.topic=" + DeadLetterPublishFailureTests.DLQ, "eventwire.retry.max-retries=0",
				"spring.kafka.producer.properties.delivery.timeout.ms=5000",
				"spring.kafka.producer.properties.request.timeout.ms=4000" })
class DeadLetterPublishFailureTests {

	static final String SERVICE = "dlq-fault-it";

	static final String TOPIC = "dlq-fault-orders";

	static final String DLQ = "dlq-fault";

	@Autowired
	EventPublisher publisher;

	@Autowired
	Handlers handlers;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@Test
	void failedDeadLetterPublishLeavesTheOffsetUncommittedUntilTheFaultIsGone() throws Exception {
		PublishResult failed = this.publisher.publishAsync(TOPIC, "broken", "k", Map.of("id", "x".repeat(500))).join();
		// Another key: with key order, a later event of "k" would be parked behind the dead letter.
		PublishResult next = this.publisher.publishAsync(TOPIC, "good", "other", Map.of("id", "next")).join();
		TopicPartition partition = new TopicPartition(TOPIC, failed.partition());

		try (Admin admin = Admin.create(Map.of("bootstrap.servers", this.brokers))) {
			// The handler is tried again and again, because the dead letter cannot be written...
			await().atMost(Duration.ofSeconds(60)).until(() -> this.handlers.broken.size() >= 3);
			// ...so the offset stays at the failed event, and the event after it waits.
			assertThat(committed(admin, partition)).isLessThanOrEqualTo(failed.offset());
			assertThat(this.handlers.good).isEmpty();
			assertThat(deadLetters()).isEmpty();

			KafkaTestSupport.setMaxMessageBytes(admin, DLQ, "1048588");

			await().atMost(Duration.ofSeconds(60)).until(() -> this.handlers.good.contains("next"));
			await().atMost(Duration.ofSeconds(30)).until(() -> committed(admin, partition) > next.offset());
		}
		await().atMost(Duration.ofSeconds(30)).during(Duration.ofSeconds(2)).until(() -> deadLetters().size() == 1);
		assertThat(header(deadLetters().get(0), "original_event_id")).isEqualTo(failed.eventId());
	}

	private List<ConsumerRecord<String, byte[]>> deadLetters() {
		return readAll(this.brokers, DLQ, (record) -> SERVICE.equals(header(record, "service")));
	}

	private static long committed(Admin admin, TopicPartition partition) throws Exception {
		Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(SERVICE)
			.partitionsToOffsetAndMetadata()
			.get();
		OffsetAndMetadata offset = offsets.get(partition);
		return (offset != null) ? offset.offset() : -1;
	}

	@EventTranslator(topics = TOPIC)
	static class Handlers {

		final Queue<String> broken = new ConcurrentLinkedQueue<>();

		final Queue<String> good = new ConcurrentLinkedQueue<>();

		@OnEvent("broken")
		void broken(Map<String, String> event) {
			this.broken.add(event.get("id"));
			throw new IllegalStateException("always fails");
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

		// Replaces eventwire's own declaration of the dead-letter topic: this one takes no dead letter.
		@Bean
		NewTopic eventwireDeadLetterTopic() {
			return TopicBuilder.name(DLQ).partitions(1).replicas(1).config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "100").build();
		}

	}

}
