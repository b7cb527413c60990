package io.eventwire.autoconfigure.parallel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.eventwire.EventMetadata;
import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.autoconfigure.KafkaTestSupport;
import io.eventwire.autoconfigure.outbox.EmbeddedMongo;
import io.eventwire.consume.EventConsumers;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.internal.Uuids;
import io.eventwire.retry.ConsumerGroupStates;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.kafka.config.TopicBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What eventwire guarantees still holds with keys handled side by side, on the embedded broker:
 * a group of its own takes its own parallelism, the circuit breaker counts failures of different
 * keys, the inbox handles each event once, a paused group starts nothing new, and shutdown lets the
 * in-flight handlers finish (and publish) before the producer closes, committing what they finished.
 */
class KeyParallelismGuaranteesTests {

	private static final AtomicInteger services = new AtomicInteger();

	@Test
	void aTranslatorInAGroupOfItsOwnTakesThatGroupsParallelism() {
		Calls calls = new Calls(Duration.ofMillis(30));
		String service = service();
		try (ConfigurableApplicationContext app = start(service, calls, "--eventwire.consumer.parallelism=4",
				"--eventwire.consumer.groups." + service + "-audit.parallelism=1", "--test.audit=true")) {
			for (int key = 0; key < 20; key++) {
				publish(app, service, "k-" + key, 1);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> calls.completed.size() == 40);
			assertThat(app.getBean(EventConsumers.class).groups()).extracting(EventConsumers.ConsumerGroup::groupId,
					EventConsumers.ConsumerGroup::parallelism)
				.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(service, 4),
						org.assertj.core.groups.Tuple.tuple(service + "-audit", 1));
			assertThat(calls.maxInFlight.get("steps")).isEqualTo(4);
			assertThat(calls.maxInFlight.get("audit")).isEqualTo(1);
		}
	}

	@Test
	void theCircuitBreakerCountsFailuresOfDifferentKeys() {
		Calls calls = new Calls(Duration.ZERO);
		calls.failing.set(true);
		String service = service();
		try (ConfigurableApplicationContext app = start(service, calls, "--eventwire.consumer.parallelism=8",
				"--eventwire.consumer.circuit-breaker.failure-threshold=3",
				"--eventwire.consumer.circuit-breaker.open-duration=1s")) {
			for (int key = 0; key < 8; key++) {
				publish(app, service, "k-" + key, 1);
			}
			ConsumerGroupStates states = app.getBean(ConsumerGroupStates.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> states.forGroup(service).circuitBreaker().isOpen());
			calls.failing.set(false);
			await().atMost(Duration.ofSeconds(30)).until(() -> calls.completed.stream()
				.filter((call) -> call.startsWith("steps")).count() + deadLetters(app) == 8);
			// The third failed key opened the breaker: the two before it were dead-lettered, the rest held.
			assertThat(deadLetters(app)).isEqualTo(2);
			await().atMost(Duration.ofSeconds(10)).until(() -> !states.forGroup(service).circuitBreaker().isOpen());
		}
	}

	@Test
	void theInboxHandlesEachEventOnceWhenItComesAgain() throws Exception {
		Calls calls = new Calls(Duration.ofMillis(10));
		String service = service();
		try (EmbeddedMongo mongo = new EmbeddedMongo(service);
				ConfigurableApplicationContext app = start(service, calls, "--eventwire.consumer.parallelism=8",
						"--eventwire.consumer.deduplication.enabled=true", "--spring.mongodb.uri=" + mongo.uri(),
						"--spring.mongodb.representation.uuid=standard")) {
			String brokers = app.getEnvironment().getProperty("spring.embedded.kafka.brokers");
			List<String> eventIds = new ArrayList<>();
			for (int key = 0; key < 10; key++) {
				String eventId = Uuids.random();
				eventIds.add(eventId);
				// The same event twice, as a producer that retried after a lost acknowledgement writes it.
				for (int copy = 0; copy < 2; copy++) {
					KafkaTestSupport.send(brokers, topic(service), "k-" + key, "{\"key\":\"k-" + key + "\",\"seq\":1}",
							Map.of("type", "step", "event_id", eventId));
				}
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> calls.eventIds("steps").containsAll(eventIds));
			publish(app, service, "last", 1);
			await().atMost(Duration.ofSeconds(30)).until(() -> calls.completed.contains("steps last:1"));
			assertThat(calls.eventIds("steps")).hasSize(11);
			assertThat(calls.completed.stream().filter((call) -> call.startsWith("steps"))).hasSize(11);
		}
	}

	@Test
	void aPausedGroupStartsNothingNewUntilResumed() {
		Calls calls = new Calls(Duration.ZERO);
		String service = service();
		try (ConfigurableApplicationContext app = start(service, calls, "--eventwire.consumer.parallelism=8")) {
			EventConsumers consumers = app.getBean(EventConsumers.class);
			publish(app, service, "k-0", 1);
			await().atMost(Duration.ofSeconds(30)).until(() -> calls.completed.contains("steps k-0:1"));
			consumers.pause(service);
			await().atMost(Duration.ofSeconds(30)).until(() -> consumers.groups().stream()
				.filter((group) -> group.groupId().equals(service)).allMatch(EventConsumers.ConsumerGroup::paused));
			for (int key = 1; key <= 5; key++) {
				publish(app, service, "k-" + key, 1);
			}
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
				.until(() -> calls.completed.stream().noneMatch((call) -> call.startsWith("steps k-5")));
			consumers.resume(service);
			await().atMost(Duration.ofSeconds(30)).until(() -> calls.completed.contains("steps k-5:1"));
		}
	}

	@Test
	void shutdownLetsInFlightHandlersFinishAndPublishAndCommitsThem() {
		Calls calls = new Calls(Duration.ofMillis(500));
		calls.publishing.set(true);
		String service = service();
		Set<String> followUps = ConcurrentHashMap.newKeySet();
		try (ConfigurableApplicationContext app = start(service, calls, "--eventwire.consumer.parallelism=8")) {
			for (int seq = 1; seq <= 3; seq++) {
				for (int key = 0; key < 8; key++) {
					publish(app, service, "k-" + key, seq);
				}
			}
			// Closed while the second event of each key is in flight.
			await().atMost(Duration.ofSeconds(30)).until(() -> calls.started.size() >= 12);
		}
		// Every handler that started finished and published its follow-up before the producer closed.
		assertThat(calls.failures).isEmpty();
		assertThat(calls.completed).hasSameSizeAs(calls.started);
		String brokers = System.getProperty("spring.embedded.kafka.brokers");
		KafkaTestSupport.readAll(brokers, topic(service) + "-done", (record) -> true)
			.forEach((record) -> followUps.add(record.key() + ":" + new String(record.value())));
		assertThat(followUps).hasSameSizeAs(calls.completed);

		// What finished was committed: started again, the service handles none of it a second time.
		int before = calls.completed.size();
		try (ConfigurableApplicationContext app = start(service, calls, "--eventwire.consumer.parallelism=8")) {
			publish(app, service, "after", 1);
			await().atMost(Duration.ofSeconds(30)).until(() -> calls.completed.contains("steps after:1"));
		}
		List<String> steps = calls.completed.stream().filter((call) -> call.startsWith("steps")).toList();
		assertThat(steps).doesNotHaveDuplicates();
		assertThat(calls.completed.size()).isGreaterThan(before);
	}

	@Test
	void handlersLongerThanMaxPollIntervalKeepTheConsumerInItsGroup() {
		// 3 s per event against a max.poll.interval.ms of 1 s: one at a time per partition, the consumer
		// would leave its group after the first event and the event would come again.
		Calls calls = new Calls(Duration.ofSeconds(3));
		String service = service();
		try (ConfigurableApplicationContext app = start(service, calls, "--eventwire.consumer.parallelism=4",
				"--spring.kafka.consumer.properties.max.poll.interval.ms=1000")) {
			for (int key = 0; key < 3; key++) {
				publish(app, service, "k-" + key, 1);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> calls.completed.size() == 3);
			publish(app, service, "k-0", 2);
			await().atMost(Duration.ofSeconds(30)).until(() -> calls.completed.contains("steps k-0:2"));
			assertThat(calls.started).containsExactlyInAnyOrder("steps k-0:1", "steps k-1:1", "steps k-2:1", "steps k-0:2");
		}
	}

	private static long deadLetters(ConfigurableApplicationContext app) {
		return app.getBean(DeadLetters.class).list().size();
	}

	private static void publish(ConfigurableApplicationContext app, String service, String key, int seq) {
		app.getBean(EventPublisher.class).publishAsync(topic(service), "step", key, new KeyLog.Step(key, seq)).join();
	}

	private static String service() {
		return "parallel-guarantees-" + services.incrementAndGet();
	}

	private static String topic(String service) {
		return service + "-steps";
	}

	private static ConfigurableApplicationContext start(String service, Calls calls, String... properties) {
		List<String> args = new ArrayList<>(List.of("--eventwire.service-name=" + service, "--test.topic=" + topic(service),
				"--test.audit-group=" + service + "-audit", "--eventwire.retry.max-retries=0",
				"--eventwire.retry.backoff=100ms", "--eventwire.retry.max-backoff=1s",
				"--eventwire.dlq.topic=" + service + "-dlq"));
		args.addAll(List.of(properties));
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.initializers((context) -> ((GenericApplicationContext) context).getBeanFactory().registerSingleton("calls", calls))
			.run(args.toArray(String[]::new));
	}

	/**
	 * What the handlers of both groups saw.
	 */
	static final class Calls {

		final Duration work;

		final List<String> started = new CopyOnWriteArrayList<>();

		final List<String> completed = new CopyOnWriteArrayList<>();

		final List<Throwable> failures = new CopyOnWriteArrayList<>();

		final Map<String, Set<String>> eventIds = new ConcurrentHashMap<>();

		final Map<String, Integer> maxInFlight = new ConcurrentHashMap<>();

		final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

		final java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();

		final java.util.concurrent.atomic.AtomicBoolean publishing = new java.util.concurrent.atomic.AtomicBoolean();

		Calls(Duration work) {
			this.work = work;
		}

		void call(String group, KeyLog.Step step, EventMetadata metadata, EventPublisher publisher) {
			String name = group + " " + step.name();
			this.started.add(name);
			int now = this.inFlight.computeIfAbsent(group, (g) -> new AtomicInteger()).incrementAndGet();
			this.maxInFlight.merge(group, now, Math::max);
			try {
				LockSupport.parkNanos(this.work.toNanos());
				if (this.failing.get()) {
					throw new IllegalStateException("cannot apply " + name);
				}
				if (this.publishing.get()) {
					publisher.publishAsync(metadata.topic() + "-done", "done", step.key(), step.seq()).join();
				}
				this.eventIds.computeIfAbsent(group, (g) -> ConcurrentHashMap.newKeySet()).add(metadata.eventId());
				this.completed.add(name);
			}
			catch (RuntimeException ex) {
				if (!this.failing.get()) {
					this.failures.add(ex);
				}
				throw ex;
			}
			finally {
				this.inFlight.get(group).decrementAndGet();
			}
		}

		Set<String> eventIds(String group) {
			return this.eventIds.getOrDefault(group, Set.of());
		}

	}

	@EventTranslator(topics = "${test.topic}")
	static class Steps {

		private final Calls calls;

		private final EventPublisher publisher;

		Steps(Calls calls, EventPublisher publisher) {
			this.calls = calls;
			this.publisher = publisher;
		}

		@OnEvent("step")
		void step(KeyLog.Step step, EventMetadata metadata) {
			this.calls.call("steps", step, metadata, this.publisher);
		}

	}

	@EventTranslator(topics = "${test.topic}", groupId = "${test.audit-group}")
	static class Audit {

		private final Calls calls;

		private final EventPublisher publisher;

		private final boolean enabled;

		Audit(Calls calls, EventPublisher publisher, @Value("${test.audit:false}") boolean enabled) {
			this.calls = calls;
			this.publisher = publisher;
			this.enabled = enabled;
		}

		@OnEvent("step")
		void step(KeyLog.Step step, EventMetadata metadata) {
			if (this.enabled) {
				this.calls.call("audit", step, metadata, this.publisher);
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Steps steps(Calls calls, EventPublisher publisher) {
			return new Steps(calls, publisher);
		}

		@Bean
		Audit audit(Calls calls, EventPublisher publisher, @Value("${test.audit:false}") boolean enabled) {
			return new Audit(calls, publisher, enabled);
		}

		@Bean
		NewTopic stepsTopic(@Value("${test.topic}") String topic) {
			return TopicBuilder.name(topic).partitions(1).replicas(1).build();
		}

	}

}
