package io.eventwire.autoconfigure.retry;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.eventwire.EventMetadata;
import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.PublishResult;
import io.eventwire.correlation.CorrelationId;
import io.eventwire.autoconfigure.consume.ConsumerHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import io.eventwire.autoconfigure.consume.EventListenerContainerFactoryCustomizer;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dependency of the handler (its database, say) down for a while, with the default retry
 * settings: events wait for it instead of being dead-lettered, in order per key, and the consumer
 * stays in its group however long it takes.
 */
@SpringBootTest(classes = DependencyOutageTests.App.class,
		properties = { "eventwire.service-name=" + DependencyOutageTests.SERVICE,
				"spring.kafka.consumer.properties.max.poll.interval.ms=10000" })
@ExtendWith(OutputCaptureExtension.class)
class DependencyOutageTests {

	static final String SERVICE = "outage-it";

	static final String TOPIC = "outage-it-orders";

	private static final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	@Autowired
	EventPublisher publisher;

	@Autowired
	Handlers handlers;

	@Autowired
	Rebalances rebalances;

	@Autowired
	ConsumerHealthIndicator health;

	@Autowired
	MeterRegistry meters;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@AfterAll
	static void stopScheduler() {
		scheduler.shutdownNow();
	}

	@Test
	void eventsArrivingWhileTheDatabaseIsDownWaitForItAndKeepTheirOrderPerKey(CapturedOutput output) {
		this.handlers.outage.set(true);
		scheduler.schedule(() -> this.handlers.outage.set(false), 20, TimeUnit.SECONDS);
		List<String> keys = IntStream.range(0, 30).mapToObj((i) -> "wait-key-" + i).toList();
		for (int seq = 0; seq < 10; seq++) {
			for (String key : keys) {
				this.publisher.publish(TOPIC, "stored", key, new Stored(key, seq));
			}
		}

		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			Health waiting = this.health.health(true);
			assertThat(waiting.getStatus()).isEqualTo(Status.UP);
			assertThat(HealthDetails.consumerGroup(waiting, SERVICE)).containsEntry("state", "WAITING")
				.hasEntrySatisfying("reason", (reason) -> assertThat(reason.toString()).contains("MongoDB is unreachable"));
			assertThat(this.meters.get("eventwire.consumer.waiting").tag("group", SERVICE).gauge().value()).isOne();
		});
		await().atMost(Duration.ofSeconds(60)).until(() -> keys.stream().allMatch((key) -> this.handlers.seqs(key).size() >= 10));

		assertThat(keys).allSatisfy((key) -> assertThat(this.handlers.seqs(key)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
		assertThat(this.handlers.failures.get()).isPositive();
		assertThat(readAll(this.brokers, "dlq", (record) -> "stored".equals(header(record, "type")))).isEmpty();
		assertThat(HealthDetails.consumerGroup(this.health.health(true), SERVICE)).containsEntry("state", "RUNNING");
		assertThat(this.meters.get("eventwire.consumer.waiting").tag("group", SERVICE).gauge().value()).isZero();
		assertThat(this.meters.get("eventwire.consumer.wait.duration").tag("group", SERVICE).functionCounter().count())
			.isGreaterThan(15);
		// Once when the wait starts, once when it ends: not once per attempt.
		assertThat(output.getOut().lines().filter((line) -> line.contains("is waiting for a dependency"))).hasSize(1);
		assertThat(output.getOut().lines().filter((line) -> line.contains("stopped waiting for a dependency after")))
			.singleElement()
			.satisfies((line) -> assertThat(line).containsPattern("event\\(s\\) waited"));
	}

	@Test
	void aConsumerWaitingSixTimesMaxPollIntervalIsNeitherEvictedNorRebalanced() {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.rebalances.assigned.get() > 0);
		int assignedBefore = this.rebalances.assigned.get();
		int revokedBefore = this.rebalances.revoked.get();
		assertThat(assignedBefore).as("the rebalance listener sees the consumer's assignment").isPositive();
		this.handlers.outage.set(true);
		scheduler.schedule(() -> this.handlers.outage.set(false), 60, TimeUnit.SECONDS);
		List<String> keys = List.of("long-a", "long-b", "long-c", "long-d");
		for (int seq = 0; seq < 5; seq++) {
			for (String key : keys) {
				this.publisher.publish(TOPIC, "stored", key, new Stored(key, seq));
			}
		}

		await().atMost(Duration.ofSeconds(100)).until(() -> keys.stream().allMatch((key) -> this.handlers.seqs(key).size() >= 5));

		assertThat(keys).allSatisfy((key) -> assertThat(this.handlers.seqs(key)).containsExactly(0, 1, 2, 3, 4));
		assertThat(this.rebalances.revoked.get()).isEqualTo(revokedBefore);
		assertThat(this.rebalances.lost.get()).isZero();
		assertThat(this.rebalances.assigned.get()).isEqualTo(assignedBefore);
		assertThat(readAll(this.brokers, "dlq", (record) -> "stored".equals(header(record, "type")))).isEmpty();
	}

	@Test
	void failureLogLinesCarryTheEventsCorrelationId(CapturedOutput output) {
		String waitingId = CorrelationId.generate();
		String brokenId = CorrelationId.generate();
		this.handlers.outage.set(true);
		scheduler.schedule(() -> this.handlers.outage.set(false), 2, TimeUnit.SECONDS);
		PublishResult waiting;
		PublishResult broken;
		try (CorrelationId.Scope scope = CorrelationId.open(waitingId)) {
			waiting = this.publisher.publishAsync(TOPIC, "stored", "log-waiting", new Stored("log-waiting", 0)).join();
		}
		try (CorrelationId.Scope scope = CorrelationId.open(brokenId)) {
			broken = this.publisher.publishAsync(TOPIC, "broken", "log-broken", new Stored("log-broken", 0)).join();
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> this.handlers.seqs("log-waiting").size() == 1
				&& output.getOut().contains("Giving up on event of type 'broken' (event id " + broken.eventId()));

		List<String> waitLines = linesAbout(output, waiting.eventId());
		assertThat(waitLines).anySatisfy((line) -> assertThat(line).contains("is waiting for a dependency"))
			.allSatisfy((line) -> assertThat(line).contains("[" + waitingId));
		assertThat(output.getOut().lines().filter((line) -> line.contains("stopped waiting for a dependency")))
			.last()
			.satisfies((line) -> assertThat(line).contains("[" + waitingId));
		List<String> brokenLines = linesAbout(output, broken.eventId());
		assertThat(brokenLines).anySatisfy((line) -> assertThat(line).contains("will retry"))
			.anySatisfy((line) -> assertThat(line).contains("sending it to the dead-letter topic"))
			.allSatisfy((line) -> assertThat(line).contains("[" + brokenId));
	}

	private static List<String> linesAbout(CapturedOutput output, String eventId) {
		return output.getOut().lines().filter((line) -> line.contains("(event id " + eventId + ")")).toList();
	}

	record Stored(String key, int seq) {
	}

	@EventTranslator(topics = TOPIC)
	static class Handlers {

		final AtomicBoolean outage = new AtomicBoolean();

		final AtomicInteger failures = new AtomicInteger();

		final Map<String, Queue<Integer>> handled = new ConcurrentHashMap<>();

		@OnEvent("stored")
		void stored(Stored event, EventMetadata metadata) {
			if (this.outage.get()) {
				this.failures.incrementAndGet();
				throw new DataAccessResourceFailureException("MongoDB is unreachable (timed out selecting a server)");
			}
			this.handled.computeIfAbsent(event.key(), (key) -> new ConcurrentLinkedQueue<>()).add(event.seq());
		}

		@OnEvent("broken")
		void broken(Stored event) {
			throw new IllegalStateException("broken handler for " + event.key());
		}

		List<Integer> seqs(String key) {
			return List.copyOf(this.handled.getOrDefault(key, new ConcurrentLinkedQueue<>()));
		}

	}

	/**
	 * Counts the rebalances the service's consumer goes through, registered on eventwire's containers
	 * through an {@link EventListenerContainerFactoryCustomizer} (the application's own listener beans
	 * only apply to its {@code @KafkaListener} containers).
	 */
	static class Rebalances implements ConsumerAwareRebalanceListener {

		final AtomicInteger assigned = new AtomicInteger();

		final AtomicInteger revoked = new AtomicInteger();

		final AtomicInteger lost = new AtomicInteger();

		@Override
		public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
			if (partitions.stream().anyMatch((partition) -> partition.topic().equals(TOPIC))) {
				this.assigned.incrementAndGet();
			}
		}

		@Override
		public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
			if (!partitions.isEmpty()) {
				this.revoked.incrementAndGet();
			}
		}

		@Override
		public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
			this.lost.incrementAndGet();
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
		Rebalances rebalances() {
			return new Rebalances();
		}

		@Bean
		EventListenerContainerFactoryCustomizer countRebalances(Rebalances rebalances) {
			return (factory) -> factory.getContainerProperties().setConsumerRebalanceListener(rebalances);
		}

		@Bean
		NewTopic outageTopic() {
			return TopicBuilder.name(TOPIC).partitions(3).replicas(1).build();
		}

	}

}
