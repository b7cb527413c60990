package io.eventwire.autoconfigure.rewind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventwire.EventMetadata;
import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.OnRewind;
import io.eventwire.autoconfigure.consume.ConsumerHealthIndicator;
import io.eventwire.autoconfigure.outbox.EmbeddedMongo;
import io.eventwire.consume.EventConsumers;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.rewind.RewindFailedException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Rewinding a consumer group while two instances of the service run, the inbox on, on the embedded
 * broker: a read model of 1,000 events on 6 partitions rebuilt from the beginning, a rewind to a
 * time, a handler that takes no rewound events, an {@code @OnRewind} that fails.
 */
@ExtendWith(OutputCaptureExtension.class)
class RewindTests {

	private static final AtomicInteger services = new AtomicInteger();

	@Test
	void aCorruptedReadModelIsRebuiltFromTheBeginningOnTwoInstances() {
		Model model = new Model();
		String service = service();
		try (EmbeddedMongo mongo = new EmbeddedMongo(service);
				ConfigurableApplicationContext first = start(service, model, mongo);
				ConfigurableApplicationContext second = start(service, model, mongo)) {
			for (int i = 0; i < 1000; i++) {
				publish(first, service, "k-" + (i % 100), i / 100);
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> model.handled.size() == 1000);
			Map<String, List<Integer>> built = model.snapshot();
			assertThat(built).hasSize(100).allSatisfy((key, seqs) -> assertThat(seqs).isSorted().hasSize(10));
			model.byKey.clear();
			model.byKey.put("k-0", new CopyOnWriteArrayList<>(List.of(99)));

			// An event published while the group is stopped for the rewind, once @OnRewind ran.
			CompletableFuture<Void> rewind = CompletableFuture
				.runAsync(() -> second.getBean(EventConsumers.class).rewind(service, Instant.EPOCH));
			await().atMost(Duration.ofSeconds(60)).until(() -> model.rewinds.get() == 1);
			publish(first, service, "k-7", 10);
			rewind.join();

			await().atMost(Duration.ofSeconds(60)).until(() -> model.replays.size() == 1000 && model.handled.size() == 1001);
			assertThat(model.rewinds).hasValue(1);
			assertThat(model.replays).as("every event handled again once, as a replay").hasSize(1000)
				.allSatisfy((event, count) -> assertThat(count).hasValue(1));
			assertThat(model.handled).allSatisfy((event, count) -> assertThat(count).hasValue(1));
			Map<String, List<Integer>> rebuilt = model.snapshot();
			assertThat(rebuilt.get("k-7")).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
			rebuilt.get("k-7").remove(Integer.valueOf(10));
			assertThat(rebuilt).isEqualTo(built);
			assertThat(model.mailed).as("a handler with replay = false: first handlings only").hasValue(1001);
		}
	}

	@Test
	void anInstanceJoiningAndOneLeavingMidRewindStillHandleEveryEventOnceInKeyOrder() {
		Model model = new Model();
		model.rewindGate = new CountDownLatch(1);
		String service = service();
		try (EmbeddedMongo mongo = new EmbeddedMongo(service);
				ConfigurableApplicationContext first = start(service, model, mongo)) {
			ConfigurableApplicationContext leaving = start(service, model, mongo);
			for (int i = 0; i < 300; i++) {
				publish(first, service, "k-" + (i % 30), i / 30);
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> model.handled.size() == 300);
			Map<String, List<Integer>> built = model.snapshot();

			CompletableFuture<Void> rewind = CompletableFuture
				.runAsync(() -> first.getBean(EventConsumers.class).rewind(service, Instant.EPOCH));
			await().atMost(Duration.ofSeconds(60)).until(() -> model.rewinds.get() == 1);
			leaving.close();
			try (ConfigurableApplicationContext joining = start(service, model, mongo)) {
				// A group being rewound does not run there, at once or as soon as the instance read the rewind.
				await().atMost(Duration.ofSeconds(30))
					.until(() -> !joining.getBean(EventConsumers.class).groups().get(0).running());
				model.rewindGate.countDown();
				rewind.join();

				await().atMost(Duration.ofSeconds(60)).until(() -> model.replays.size() == 300);
				assertThat(model.replays).allSatisfy((event, count) -> assertThat(count).hasValue(1));
				assertThat(model.snapshot()).isEqualTo(built);
				assertThat(joining.getBean(EventConsumers.class).groups().get(0).running()).isTrue();
			}
		}
	}

	@Test
	void aRewindToATimeHandlesAgainOnlyTheEventsFromThenAndShowsItsProgress(CapturedOutput output) {
		Model model = new Model();
		String service = service();
		try (EmbeddedMongo mongo = new EmbeddedMongo(service);
				ConfigurableApplicationContext app = start(service, model, mongo)) {
			for (int i = 0; i < 20; i++) {
				publish(app, service, "k-" + i, 0);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> model.handled.size() == 20);
			Instant from = Instant.now();
			await().until(() -> Instant.now().isAfter(from.plusMillis(5)));
			for (int i = 0; i < 20; i++) {
				publish(app, service, "k-" + i, 1);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> model.handled.size() == 40);
			model.replayGate = new CountDownLatch(1);
			EventConsumers consumers = app.getBean(EventConsumers.class);

			consumers.rewind(service, from);

			// Held at the first rewound events: 40 remain (20 item_added, 20 item_mailed), seen by the API,
			// the gauge and the health.
			await().atMost(Duration.ofSeconds(30)).until(() -> remaining(consumers) == 40);
			assertThat(app.getBean(MeterRegistry.class).get("eventwire.consumer.rewind.remaining").tag("group", service)
				.gauge()
				.value()).isEqualTo(40);
			assertThat(app.getBean(ConsumerHealthIndicator.class).health(true).getDetails().get("consumerGroups"))
				.asString()
				.contains("rewind={", "remaining=40", "phase=REWOUND");
			model.replayGate.countDown();
			await().atMost(Duration.ofSeconds(30)).until(() -> model.replays.size() == 20);
			assertThat(model.replayedSeqs).hasSize(20).containsOnly(1);
			await().atMost(Duration.ofSeconds(30)).until(() -> "CAUGHT_UP".equals(consumers.groups().get(0).rewind().phase()));
			EventConsumers.Rewind caughtUp = consumers.groups().get(0).rewind();
			assertThat(caughtUp.remaining()).isZero();
			assertThat(caughtUp.caughtUpAt()).isNotNull();
			assertThat(caughtUp.from()).isEqualTo(from);
			assertThat(output.getOut()).containsOnlyOnce("Consumer group '" + service + "' caught up after rewind 1");
		}
	}

	private static long remaining(EventConsumers consumers) {
		EventConsumers.Rewind rewind = consumers.groups().get(0).rewind();
		return (rewind != null) ? rewind.remaining() : -1;
	}

	@Test
	void aFailingOnRewindAbortsTheRewindAndTheGroupGoesOn() {
		Model model = new Model();
		model.failRewind = true;
		String service = service();
		try (EmbeddedMongo mongo = new EmbeddedMongo(service);
				ConfigurableApplicationContext app = start(service, model, mongo)) {
			for (int i = 0; i < 10; i++) {
				publish(app, service, "k-" + i, 0);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> model.handled.size() == 10);

			assertThatExceptionOfType(RewindFailedException.class)
				.isThrownBy(() -> app.getBean(EventConsumers.class).rewind(service, Instant.EPOCH))
				.withMessageContaining("nothing moved")
				.withMessageContaining("the read model is locked");
			publish(app, service, "k-0", 1);

			await().atMost(Duration.ofSeconds(30)).until(() -> model.handled.size() == 11);
			assertThat(model.replays).isEmpty();
		}
	}

	@Test
	void aNewGroupReadingFromTheBeginningShowsItsCatchUpAsARewindDoes(CapturedOutput output) {
		Model model = new Model();
		String service = service();
		try (EmbeddedMongo mongo = new EmbeddedMongo(service)) {
			try (ConfigurableApplicationContext app = start(service, model, mongo)) {
				for (int i = 0; i < 50; i++) {
					publish(app, service, "k-" + i, 0);
				}
				await().atMost(Duration.ofSeconds(30)).until(() -> model.handled.size() == 50);
			}
			model.firstReadGate = new CountDownLatch(1);
			String v2 = service + "-v2";
			try (ConfigurableApplicationContext app = start(service, model, mongo, "--test.new-group=" + v2)) {
				EventConsumers consumers = app.getBean(EventConsumers.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> {
					EventConsumers.Rewind rewind = group(consumers, v2).rewind();
					return rewind != null && rewind.remaining() == 100;
				});
				assertThat(group(consumers, v2).rewind().number()).isZero();

				model.firstReadGate.countDown();
				await().atMost(Duration.ofSeconds(30)).until(() -> model.firstReads.get() == 50);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> "CAUGHT_UP".equals(group(consumers, v2).rewind().phase()));
				assertThat(model.firstReadReplays).as("first handlings, not rewound events").hasValue(0);
				assertThat(output.getOut()).containsOnlyOnce("Consumer group '" + v2 + "' caught up with the events before "
						+ "its first start");
			}
		}
	}

	@Test
	void anotherGroupGoesOnWhileOneIsRewoundAndAGroupWithDeadLettersIsNotRewound() {
		Model model = new Model();
		String service = service();
		String v2 = service + "-v2";
		try (EmbeddedMongo mongo = new EmbeddedMongo(service);
				ConfigurableApplicationContext app = start(service, model, mongo, "--test.new-group=" + v2)) {
			EventConsumers consumers = app.getBean(EventConsumers.class);
			publish(app, service, "k-1", 0);
			await().atMost(Duration.ofSeconds(30)).until(() -> model.handled.size() == 1 && model.firstReads.get() == 1);
			model.rewindGate = new CountDownLatch(1);

			CompletableFuture<Void> rewind = CompletableFuture.runAsync(() -> consumers.rewind(v2, Instant.EPOCH));
			await().atMost(Duration.ofSeconds(30)).until(() -> model.v2Rewinds.get() == 1);
			publish(app, service, "k-2", 0);
			// The service's group handles while v2 is stopped.
			await().atMost(Duration.ofSeconds(30)).until(() -> model.handled.size() == 2);
			assertThat(model.firstReads).as("v2 is stopped").hasValue(1);
			model.rewindGate.countDown();
			rewind.join();
			await().atMost(Duration.ofSeconds(30)).until(() -> model.firstReads.get() == 3);
			assertThat(model.firstReadReplays).as("k-1 handled again by v2, k-2 for the first time").hasValue(1);
			assertThat(model.rewinds).as("the service group's @OnRewind").hasValue(0);

			publish(app, service, "k-3", -1);
			await().atMost(Duration.ofSeconds(30)).until(() -> !app.getBean(DeadLetters.class).list().isEmpty());
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> consumers.rewind(service, Instant.EPOCH))
				.withMessageContaining("dead letter(s): replay or discard them before rewinding it");
		}
	}

	private static EventConsumers.ConsumerGroup group(EventConsumers consumers, String groupId) {
		return consumers.groups().stream().filter((group) -> group.groupId().equals(groupId)).findFirst().orElseThrow();
	}

	@Test
	void theConsumersEndpointRewindsWhenWriteAccessIsGranted() {
		Model model = new Model();
		String service = service();
		try (EmbeddedMongo mongo = new EmbeddedMongo(service);
				ConfigurableApplicationContext app = start(service, model, mongo, "--server.port=0",
						"--management.endpoints.web.exposure.include=eventwireConsumers",
						"--management.endpoint.eventwireConsumers.access=unrestricted")) {
			for (int i = 0; i < 10; i++) {
				publish(app, service, "k-" + i, 0);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> model.handled.size() == 10);
			RestClient actuator = RestClient
				.create("http://localhost:" + app.getEnvironment().getRequiredProperty("local.server.port") + "/actuator");

			HttpStatusCode badTime = actuator.post()
				.uri("/eventwireConsumers/" + service)
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("action", "rewind", "from", "yesterday"))
				.exchange((request, response) -> response.getStatusCode());
			String rewound = actuator.post()
				.uri("/eventwireConsumers/" + service)
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("action", "rewind"))
				.retrieve()
				.body(String.class);

			assertThat(badTime.value()).isEqualTo(400);
			assertThat(rewound).contains("\"groupId\":\"" + service + "\"");
			await().atMost(Duration.ofSeconds(30)).until(() -> model.replays.size() == 10);
			assertThat(model.rewinds).hasValue(1);
		}
	}

	private static void publish(ConfigurableApplicationContext app, String service, String key, int seq) {
		EventPublisher publisher = app.getBean(EventPublisher.class);
		publisher.publish(topic(service), "item_added", key, new Item(key, seq));
		publisher.publish(topic(service), "item_mailed", key, new Item(key, seq));
	}

	private static String service() {
		return "rewind-" + services.incrementAndGet();
	}

	private static String topic(String service) {
		return service + "-items";
	}

	private static ConfigurableApplicationContext start(String service, Model model, EmbeddedMongo mongo,
			String... web) {
		List<String> args = new ArrayList<>(List.of("--eventwire.service-name=" + service, "--test.topic=" + topic(service),
				"--eventwire.dlq.topic=" + service + "-dlq", "--eventwire.consumer.concurrency=3",
				"--eventwire.consumer.deduplication.enabled=true", "--spring.mongodb.uri=" + mongo.uri(),
				"--spring.mongodb.representation.uuid=standard"));
		args.addAll(List.of(web));
		return new SpringApplicationBuilder(App.class)
			.web((web.length > 0) ? WebApplicationType.SERVLET : WebApplicationType.NONE)
			.initializers((context) -> ((GenericApplicationContext) context).getBeanFactory().registerSingleton("model", model))
			.run(args.toArray(String[]::new));
	}

	record Item(String key, int seq) {
	}

	/**
	 * The read model both instances build (a database, here shared in the JVM).
	 */
	static final class Model {

		final Map<String, List<Integer>> byKey = new ConcurrentHashMap<>();

		final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();

		final Map<String, AtomicInteger> replays = new ConcurrentHashMap<>();

		final List<Integer> replayedSeqs = new CopyOnWriteArrayList<>();

		final AtomicInteger rewinds = new AtomicInteger();

		final AtomicInteger mailed = new AtomicInteger();

		volatile boolean failRewind;

		volatile CountDownLatch rewindGate = new CountDownLatch(0);

		volatile CountDownLatch replayGate = new CountDownLatch(0);

		volatile CountDownLatch firstReadGate = new CountDownLatch(0);

		final AtomicInteger firstReads = new AtomicInteger();

		final AtomicInteger firstReadReplays = new AtomicInteger();

		final AtomicInteger v2Rewinds = new AtomicInteger();

		Map<String, List<Integer>> snapshot() {
			Map<String, List<Integer>> copy = new java.util.TreeMap<>();
			this.byKey.forEach((key, seqs) -> copy.put(key, new ArrayList<>(seqs)));
			return copy;
		}

	}

	@EventTranslator(topics = "${test.topic}")
	static class Projection {

		private final Model model;

		Projection(Model model) {
			this.model = model;
		}

		@OnEvent("item_added")
		void added(Item item, EventMetadata metadata) {
			if (item.seq() < 0) {
				throw new IllegalArgumentException("a poison item");
			}
			this.model.byKey.computeIfAbsent(item.key(), (key) -> new CopyOnWriteArrayList<>()).add(item.seq());
			if (metadata.isReplay()) {
				pass(this.model.replayGate);
				this.model.replays.computeIfAbsent(metadata.eventId(), (id) -> new AtomicInteger()).incrementAndGet();
				this.model.replayedSeqs.add(item.seq());
			}
			else {
				this.model.handled.computeIfAbsent(metadata.eventId(), (id) -> new AtomicInteger()).incrementAndGet();
			}
		}

		@OnEvent(value = "item_mailed", replay = false)
		void mailed(Item item) {
			this.model.mailed.incrementAndGet();
		}

		@OnRewind
		void clear() {
			if (this.model.failRewind) {
				throw new IllegalStateException("the read model is locked");
			}
			this.model.rewinds.incrementAndGet();
			this.model.byKey.clear();
			// A test holds the rewind here to start and stop instances meanwhile.
			pass(this.model.rewindGate);
		}

	}

	/**
	 * A new projection: a translator in a group of its own, reading the same topic from the beginning.
	 */
	@EventTranslator(topics = "${test.topic}", groupId = "${test.new-group}")
	static class NewProjection {

		private final Model model;

		NewProjection(Model model) {
			this.model = model;
		}

		@OnRewind
		void clear() {
			this.model.v2Rewinds.incrementAndGet();
			pass(this.model.rewindGate);
		}

		@OnEvent("item_added")
		void added(Item item, EventMetadata metadata) {
			pass(this.model.firstReadGate);
			this.model.firstReads.incrementAndGet();
			if (metadata.isReplay()) {
				this.model.firstReadReplays.incrementAndGet();
			}
		}

	}

	static void pass(CountDownLatch gate) {
		try {
			gate.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Projection projection(Model model) {
			return new Projection(model);
		}

		@Bean
		@ConditionalOnProperty("test.new-group")
		NewProjection newProjection(Model model) {
			return new NewProjection(model);
		}

		@Bean
		NewTopic itemsTopic(@Value("${test.topic}") String topic) {
			return TopicBuilder.name(topic).partitions(6).replicas(1).build();
		}

	}

}
