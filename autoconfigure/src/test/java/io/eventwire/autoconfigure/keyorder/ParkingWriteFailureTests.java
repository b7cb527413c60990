package io.eventwire.autoconfigure.keyorder;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventwire.DependencyUnavailableException;
import io.eventwire.EventPublisher;
import io.eventwire.PublishResult;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.keyorder.KeyOrder;
import io.eventwire.keyorder.ParkingLog;
import io.eventwire.publish.EventProducer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead letter was published, but parking its key failed (the parking topic did not take the
 * write): the event comes back, its key is parked behind that same dead letter, and no second dead
 * letter is published. And a replay whose handler returned, but whose key's release failed: the
 * release is tried again, the handler is not run a second time.
 */
@SpringBootTest(classes = ParkingWriteFailureTests.App.class,
		properties = { "eventwire.service-name=parking-failure", "eventwire.dlq.topic=parking-failure-dlq",
				"eventwire.retry.max-retries=0", "test.topic=parking-failure-steps" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParkingWriteFailureTests {

	@Autowired
	EventPublisher publisher;

	@Autowired
	StepLog log;

	@Autowired
	DeadLetters deadLetters;

	@Autowired
	FlakyKeyOrder keyOrder;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@Test
	@Order(1)
	void theKeyIsParkedBehindTheOneDeadLetterOnceParkingWorksAgain() {
		PublishResult failed = publish("K", 2);
		publish("K", 3);
		publish("L", 1);

		await().atMost(Duration.ofSeconds(30)).until(() -> this.log.handled().contains("L:1"));
		assertThat(this.keyOrder.refused.get()).isEqualTo(2);
		List<ConsumerRecord<String, byte[]>> published = readAll(this.brokers, "parking-failure-dlq",
				(record) -> failed.eventId().equals(header(record, "original_event_id")));
		assertThat(published).hasSize(1);
		List<DeadLetter> listed = this.deadLetters.list();
		assertThat(listed).filteredOn((letter) -> !letter.isParked())
			.singleElement()
			.satisfies((letter) -> assertThat(letter.eventId()).isEqualTo(header(published.get(0), "event_id")));
		assertThat(listed).filteredOn(DeadLetter::isParked)
			.singleElement()
			.satisfies((letter) -> assertThat(letter.parkedBehind()).isEqualTo(header(published.get(0), "event_id")));
		assertThat(this.log.handled("K")).isEmpty();
	}

	// After the test above: it fixes the handler for good.
	@Test
	@Order(2)
	void aReleaseThatFailsAfterTheReplaysHandlerReturnedIsTriedAgainWithoutTheHandler() {
		publish("M", 2);
		publish("M", 3);
		DeadLetter deadLetter = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.deadLetters.list()
				.stream()
				.filter((letter) -> !letter.isParked() && "M".equals(letter.key()))
				.findFirst()
				.orElse(null), (letter) -> letter != null);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.deadLetters.list().stream().anyMatch((letter) -> letter.isParked() && "M".equals(letter.key())));

		this.log.fix();
		this.keyOrder.settleFailures.set(2);
		this.deadLetters.replay(deadLetter.eventId());

		await().atMost(Duration.ofSeconds(30)).until(() -> this.log.handled("M").size() >= 2);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.keyOrder.settleFailures.get() == 0);
		assertThat(this.log.handled("M")).containsExactly("M:2", "M:3");
	}

	private PublishResult publish(String key, int seq) {
		return this.publisher.publishAsync("parking-failure-steps", "step", key, new StepLog.Step(key, seq)).join();
	}

	/** Refuses to park the first two dead letters' keys, as a parking topic that is unavailable. */
	static class FlakyKeyOrder extends KeyOrder {

		final AtomicInteger refused = new AtomicInteger();

		// How many times the bookkeeping after a retry-topic event's handler still fails.
		final AtomicInteger settleFailures = new AtomicInteger();

		FlakyKeyOrder(ParkingLog log, EventProducer producer) {
			super(log, producer.kafkaTemplate(), "retry-parking-failure", Clock.systemUTC(), Duration.ofSeconds(10));
		}

		@Override
		public void deadLettered(ConsumerRecord<String, byte[]> record, String topic, String deadLetterId,
				Throwable failure) {
			if (this.refused.get() < 2) {
				this.refused.incrementAndGet();
				throw new DependencyUnavailableException("parking topic unavailable");
			}
			super.deadLettered(record, topic, deadLetterId, failure);
		}

		@Override
		public void handled(ConsumerRecord<String, byte[]> record, String topic) {
			if (record.topic().startsWith("retry-") && this.settleFailures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new DependencyUnavailableException("parking topic unavailable after the handler returned");
			}
			super.handled(record, topic);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		StepLog stepLog() {
			return new StepLog("K:2", "M:2");
		}

		@Bean
		KeyOrderTests.Steps steps(StepLog stepLog) {
			return new KeyOrderTests.Steps(stepLog);
		}

		@Bean
		FlakyKeyOrder keyOrder(ParkingLog log, EventProducer producer) {
			return new FlakyKeyOrder(log, producer);
		}

		@Bean
		NewTopic stepsTopic() {
			return TopicBuilder.name("parking-failure-steps").partitions(1).replicas(1).build();
		}

	}

}
