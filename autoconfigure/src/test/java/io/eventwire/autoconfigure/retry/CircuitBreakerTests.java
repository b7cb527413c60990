package io.eventwire.autoconfigure.retry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.PublishResult;
import io.eventwire.autoconfigure.KafkaTestSupport;
import io.eventwire.autoconfigure.consume.ConsumerHealthIndicator;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.internal.Uuids;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failures nobody classified: when every event of a consumer group fails, its circuit breaker stops
 * the dead-lettering; a single bad event still goes to the dead-letter topic. Also the retry
 * bookkeeping of two consumer groups failing on the same partition at once.
 */
@SpringBootTest(classes = CircuitBreakerTests.App.class,
		properties = { "eventwire.service-name=" + CircuitBreakerTests.SERVICE, "eventwire.consumer.concurrency=3",
				"eventwire.consumer.circuit-breaker.open-duration=5s",
				"eventwire.consumer.circuit-breaker.max-open-duration=10s" })
class CircuitBreakerTests {

	static final String SERVICE = "breaker-it";

	static final String TOPIC = "breaker-it-orders";

	static final String SHARED_TOPIC = "breaker-it-shared";

	private static final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	@Autowired
	EventPublisher publisher;

	@Autowired
	Handlers handlers;

	@Autowired
	ConsumerHealthIndicator health;

	@Autowired
	MeterRegistry meters;

	@Autowired
	DeadLetters deadLetterApi;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@AfterAll
	static void stopScheduler() {
		scheduler.shutdownNow();
	}

	@Test
	void everyEventFailingForFortySecondsOpensTheBreakerInsteadOfFloodingTheDeadLetterTopic() {
		double openedBefore = transitions("open");
		double closedBefore = transitions("closed");
		this.handlers.downstreamBroken.set(true);
		scheduler.schedule(() -> this.handlers.downstreamBroken.set(false), 40, TimeUnit.SECONDS);
		Set<String> published = ConcurrentHashMap.newKeySet();
		for (int i = 0; i < 300; i++) {
			PublishResult result = this.publisher.publishAsync(TOPIC, "call", "flood-key-" + (i % 30), new Call("flood-" + i)).join();
			published.add(result.eventId());
		}

		await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
			Health open = this.health.health(true);
			assertThat(open.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			assertThat(HealthDetails.consumerGroup(open, SERVICE)).containsEntry("state", "CIRCUIT_OPEN")
				.hasEntrySatisfying("reason", (reason) -> assertThat(String.valueOf(reason)).contains("503 from inventory"));
			assertThat(this.meters.get("eventwire.consumer.circuit.open").tag("group", SERVICE).gauge().value()).isOne();
		});
		// The few events dead-lettered before the breaker opened park the later events of their keys.
		await().atMost(Duration.ofSeconds(120)).until(() -> this.handlers.handled("flood-").size()
				+ deadLetters(published).size() + parked(published).size() >= 300);

		List<ConsumerRecord<String, byte[]>> dead = deadLetters(published);
		List<DeadLetter> parked = parked(published);
		Set<String> handled = this.handlers.handled("flood-");
		Set<String> deadIds = dead.stream().map((record) -> header(record, "original_event_id")).collect(Collectors.toSet());
		Set<String> parkedIds = parked.stream().map(DeadLetter::eventId).collect(Collectors.toSet());
		assertThat(dead).hasSizeLessThanOrEqualTo(10).hasSize(deadIds.size());
		assertThat(parked).extracting(DeadLetter::key)
			.allSatisfy((key) -> assertThat(dead).anyMatch((record) -> key.equals(record.key())));
		assertThat(handled).hasSize(300 - dead.size() - parked.size()).doesNotContainAnyElementsOf(deadIds);
		assertThat(this.handlers.handledEventIds("flood-")).containsAll(published.stream()
			.filter((id) -> !deadIds.contains(id) && !parkedIds.contains(id))
			.toList());
		assertThat(transitions("open")).isGreaterThan(openedBefore);
		assertThat(transitions("closed")).isGreaterThan(closedBefore);
		assertThat(this.health.health(true).getStatus()).isEqualTo(Status.UP);
		assertThat(HealthDetails.consumerGroup(this.health.health(true), SERVICE)).containsEntry("state", "RUNNING");
		assertThat(this.meters.get("eventwire.consumer.circuit.open").tag("group", SERVICE).gauge().value()).isZero();
	}

	@Test
	void onePoisonEventAmongAThousandGoodOnesIsDeadLetteredAndTheBreakerStaysClosed() throws Exception {
		double openedBefore = transitions("open");
		String poison = Uuids.random();
		KafkaTestSupport.send(this.brokers, TOPIC, "poison-key", "{not json", Map.of("type", "call", "event_id", poison));
		PublishResult failing = this.publisher.publishAsync(TOPIC, "call", "failing-key", new Call("fails-always")).join();
		for (int i = 0; i < 1000; i++) {
			this.publisher.publish(TOPIC, "call", "good-key-" + (i % 50), new Call("good-" + i));
		}

		await().atMost(Duration.ofSeconds(60)).until(() -> this.handlers.handled("good-").size() == 1000
				&& deadLetters(Set.of(poison, failing.eventId())).size() == 2);

		Map<String, ConsumerRecord<String, byte[]>> dead = deadLetters(Set.of(poison, failing.eventId())).stream()
			.collect(Collectors.toMap((record) -> header(record, "original_event_id"), (record) -> record));
		assertThat(header(dead.get(poison), "exc_class")).isEqualTo("EventPayloadException");
		assertThat(header(dead.get(poison), "attempts")).isEqualTo("1");
		assertThat(header(dead.get(failing.eventId()), "exc_class")).isEqualTo("IllegalStateException");
		assertThat(header(dead.get(failing.eventId()), "attempts")).isEqualTo("4");
		assertThat(transitions("open")).isEqualTo(openedBefore);
		assertThat(this.health.health(true).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void twoGroupsFailingOnThePartitionAtOnceEachDeadLetterTheirOwnFailures() {
		// Every consumer of both groups has joined: no rebalance moves the partition to another consumer
		// thread mid-test (which would start its retries afresh).
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", this.brokers))) {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> admin.describeConsumerGroups(List.of(SERVICE + "-a", SERVICE + "-b"))
					.all()
					.get()
					.values()
					.stream()
					.allMatch((group) -> group.groupState() == GroupState.STABLE && group.members().size() == 3
							&& group.members().stream().anyMatch((member) -> !member.assignment().topicPartitions().isEmpty())));
		}
		PublishResult event = this.publisher.publishAsync(SHARED_TOPIC, "shared", "shared-key", new Call("both-fail")).join();

		await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(Set.of(event.eventId())).size() == 2);

		List<ConsumerRecord<String, byte[]>> dead = deadLetters(Set.of(event.eventId()));
		assertThat(dead).extracting((record) -> header(record, "exc_msg"))
			.containsExactlyInAnyOrder("group breaker-it-a failed on attempt 1", "group breaker-it-b failed on attempt 1");
		assertThat(dead).extracting((record) -> header(record, "attempts")).containsOnly("4");
		assertThat(dead).extracting((record) -> header(record, "exc_stacktrace"))
			.anySatisfy((trace) -> assertThat(trace).contains("group breaker-it-a failed on attempt 1"))
			.anySatisfy((trace) -> assertThat(trace).contains("group breaker-it-b failed on attempt 1"));
	}

	private List<DeadLetter> parked(Set<String> eventIds) {
		return this.deadLetterApi.list()
			.stream()
			.filter((letter) -> letter.isParked() && eventIds.contains(letter.eventId()))
			.toList();
	}

	private List<ConsumerRecord<String, byte[]>> deadLetters(Set<String> originalEventIds) {
		return readAll(this.brokers, "dlq", (record) -> originalEventIds.contains(header(record, "original_event_id")));
	}

	private double transitions(String state) {
		return this.meters.get("eventwire.consumer.circuit.transitions")
			.tags("group", SERVICE, "state", state)
			.functionCounter()
			.count();
	}

	record Call(String id) {
	}

	@EventTranslator(topics = TOPIC)
	static class Handlers {

		final AtomicBoolean downstreamBroken = new AtomicBoolean();

		// Event id by call id, of the calls that succeeded.
		final Map<String, String> handled = new ConcurrentHashMap<>();

		@OnEvent("call")
		void call(Call call, io.eventwire.EventMetadata metadata) {
			if (this.downstreamBroken.get() || call.id().equals("fails-always")) {
				throw new IllegalStateException("503 from inventory for " + call.id());
			}
			this.handled.put(call.id(), metadata.eventId());
		}

		Set<String> handled(String prefix) {
			return this.handled.keySet().stream().filter((id) -> id.startsWith(prefix)).collect(Collectors.toSet());
		}

		Set<String> handledEventIds(String prefix) {
			return this.handled.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().startsWith(prefix))
				.map(Map.Entry::getValue)
				.collect(Collectors.toSet());
		}

	}

	/** One of two translators of the shared topic, each in a consumer group of its own, both failing. */
	abstract static class FailingInGroup {

		private final AtomicInteger attempts = new AtomicInteger();

		void fail(String group) {
			throw new IllegalStateException("group " + group + " failed on attempt " + this.attempts.incrementAndGet());
		}

	}

	@EventTranslator(topics = SHARED_TOPIC, groupId = "breaker-it-a")
	static class GroupA extends FailingInGroup {

		@OnEvent("shared")
		void shared(Call call) {
			fail("breaker-it-a");
		}

	}

	@EventTranslator(topics = SHARED_TOPIC, groupId = "breaker-it-b")
	static class GroupB extends FailingInGroup {

		@OnEvent("shared")
		void shared(Call call) {
			fail("breaker-it-b");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Handlers.class, GroupA.class, GroupB.class })
	static class App {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		NewTopic breakerTopic() {
			return TopicBuilder.name(TOPIC).partitions(3).replicas(1).build();
		}

		@Bean
		NewTopic sharedTopic() {
			return TopicBuilder.name(SHARED_TOPIC).partitions(1).replicas(1).build();
		}

	}

}
