package io.eventwire.autoconfigure.keyorder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.PublishResult;
import io.eventwire.autoconfigure.KafkaTestSupport;
import io.eventwire.autoconfigure.consume.ConsumerHealthIndicator;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.internal.Uuids;
import io.eventwire.keyorder.KeyOrder;
import io.eventwire.keyorder.ParkingLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.kafka.event.ConsumerStartingEvent;
import org.springframework.kafka.event.ContainerStoppedEvent;
import org.springframework.kafka.config.TopicBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * A dead letter holds back the later events of its key, on the embedded broker: the scenario of
 * issue 15 on one partition (K:1 handled, K:2 dead-lettered, then L:1, K:3, L:2, K:4, L:3), with
 * the replay, a restart, a second instance taking over, a replay that fails again, and a discard.
 * Each test is a service of its own, with its own topics.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyOrderTests {

	private static final AtomicInteger services = new AtomicInteger();

	@Test
	void laterEventsOfADeadLettersKeyWaitAndFollowItsReplayInOrder() {
		StepLog log = new StepLog("K:2");
		String service = service();
		try (ConfigurableApplicationContext app = start(service, log)) {
			DeadLetter deadLetter = parkScenario(app, log, service);
			DeadLetters deadLetters = app.getBean(DeadLetters.class);
			MeterRegistry meters = app.getBean(MeterRegistry.class);
			assertThat(meters.get("eventwire.dlq.parked.keys").gauge().value()).isEqualTo(1);
			assertThat(meters.get("eventwire.dlq.parked.events").gauge().value()).isEqualTo(2);
			assertThat(meters.get("eventwire.dlq.parked.oldest.age").gauge().value()).isGreaterThanOrEqualTo(0);
			Map<?, ?> parked = (Map<?, ?>) app.getBean(ConsumerHealthIndicator.class).health(true).getDetails().get("parked");
			assertThat(parked.get("keys")).isEqualTo(1);
			assertThat(parked.get("events")).isEqualTo(2);
			assertThat(app.getBean(ConsumerHealthIndicator.class).health(false).getStatus().getCode()).isEqualTo("UP");
			assertThatIllegalStateException()
				.isThrownBy(() -> deadLetters.replay(parkedOf(deadLetters, "K").get(0).eventId()))
				.withMessageContaining("Parked behind dead letter " + deadLetter.eventId());

			log.fix();
			deadLetters.replay(deadLetter.eventId());
			publish(app, service, "K", 5);

			awaitReleased(app, log);
			assertThat(meters.get("eventwire.dlq.parked.keys").gauge().value()).isZero();
			assertThat(meters.get("eventwire.dlq.parked.events").gauge().value()).isZero();
		}
	}

	@Test
	void parkedKeysSurviveARestartOfTheService() {
		StepLog log = new StepLog("K:2");
		String service = service();
		DeadLetter deadLetter;
		try (ConfigurableApplicationContext app = start(service, log)) {
			deadLetter = parkScenario(app, log, service);
		}
		try (ConfigurableApplicationContext app = start(service, log)) {
			// Published while the service was down; the restarted instance knows K is parked.
			publish(app, service, "K", 5);
			publish(app, service, "L", 4);
			await().atMost(Duration.ofSeconds(30)).until(() -> log.handled().contains("L:4"));
			assertThat(log.handled("K")).containsExactly("K:1");
			assertThat(parkedOf(app.getBean(DeadLetters.class), "K")).extracting(DeadLetter::parkedBehind)
				.containsOnly(deadLetter.eventId())
				.hasSize(3);

			log.fix();
			app.getBean(DeadLetters.class).replay(deadLetter.eventId());
			awaitReleased(app, log);
		}
	}

	@Test
	void anInstanceThatTakesOverThePartitionKnowsItsParkedKeys() {
		StepLog log = new StepLog("K:2");
		String service = service();
		try (ConfigurableApplicationContext first = start(service, log)) {
			DeadLetter deadLetter = parkScenario(first, log, service);
			try (ConfigurableApplicationContext second = start(service, log)) {
				first.close();
				// The one partition is the second instance's now: it parks K:5 and handles L:4.
				publish(second, service, "K", 5);
				publish(second, service, "L", 4);
				await().atMost(Duration.ofSeconds(60)).until(() -> log.handled().contains("L:4"));
				assertThat(log.handled("K")).containsExactly("K:1");

				log.fix();
				second.getBean(DeadLetters.class).replay(deadLetter.eventId());
				awaitReleased(second, log);
			}
		}
	}

	@Test
	void aReplayThatFailsAgainKeepsTheKeyParkedInOrder() {
		StepLog log = new StepLog("K:2");
		String service = service();
		try (ConfigurableApplicationContext app = start(service, log)) {
			DeadLetter first = parkScenario(app, log, service);
			DeadLetters deadLetters = app.getBean(DeadLetters.class);

			deadLetters.replay(first.eventId());
			DeadLetter second = await().atMost(Duration.ofSeconds(30))
				.until(() -> deadLetterOf(deadLetters, "K"), (letter) -> letter != null && !letter.eventId().equals(first.eventId()));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> parkedOf(deadLetters, "K").stream().allMatch((p) -> second.eventId().equals(p.parkedBehind())));
			assertThat(log.handled("K")).containsExactly("K:1");
			assertThat(parkedOf(deadLetters, "K")).extracting(DeadLetter::offset).isSorted().hasSize(2);

			log.fix();
			deadLetters.replay(second.eventId());
			publish(app, service, "K", 5);
			awaitReleased(app, log);
		}
	}

	@Test
	void discardingTheDeadLetterReleasesTheKeyWithoutIt() {
		StepLog log = new StepLog("K:2");
		String service = service();
		try (ConfigurableApplicationContext app = start(service, log)) {
			DeadLetter deadLetter = parkScenario(app, log, service);
			DeadLetters deadLetters = app.getBean(DeadLetters.class);

			deadLetters.discard(deadLetter.eventId());
			publish(app, service, "K", 5);

			await().atMost(Duration.ofSeconds(30)).until(() -> log.handled("K").size() == 4);
			assertThat(log.handled("K")).containsExactly("K:1", "K:3", "K:4", "K:5");
			await().atMost(Duration.ofSeconds(30)).until(() -> keyListed(deadLetters, "K").isEmpty());
		}
	}

	@Test
	void withKeyOrderOffLaterEventsOfTheKeyOvertakeTheDeadLetter() {
		StepLog log = new StepLog("K:2");
		String service = service();
		try (ConfigurableApplicationContext app = start(service, log, "--eventwire.dlq.key-order=false")) {
			publish(app, service, "K", 1);
			publish(app, service, "K", 2);
			for (String step : List.of("L:1", "K:3", "L:2", "K:4", "L:3")) {
				publish(app, service, step.substring(0, 1), Integer.parseInt(step.substring(2)));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> log.handled().contains("L:3"));
			assertThat(log.handled()).containsExactly("K:1", "L:1", "K:3", "L:2", "K:4", "L:3");
			DeadLetters deadLetters = app.getBean(DeadLetters.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterOf(deadLetters, "K") != null);
			assertThat(deadLetters.list()).noneMatch(DeadLetter::isParked);
			assertThat(app.getBeanNamesForType(KeyOrder.class)).isEmpty();
		}
	}

	@Test
	void poisonWithoutAKeyParksNothing() throws Exception {
		StepLog log = new StepLog();
		String service = service();
		try (ConfigurableApplicationContext app = start(service, log)) {
			String brokers = app.getEnvironment().getProperty("spring.embedded.kafka.brokers");
			String eventId = Uuids.random();
			KafkaTestSupport.send(brokers, topic(service), null, "{not json", Map.of("type", "step", "event_id", eventId));
			DeadLetters deadLetters = app.getBean(DeadLetters.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> deadLetters.list().stream().anyMatch((letter) -> letter.originalEventId().equals(eventId)));
			publish(app, service, "M", 1);
			await().atMost(Duration.ofSeconds(30)).until(() -> log.handled().contains("M:1"));
			assertThat(deadLetters.list()).noneMatch(DeadLetter::isParked);
			assertThat(app.getBean(MeterRegistry.class).get("eventwire.dlq.parked.keys").gauge().value()).isZero();
		}
	}

	@Test
	void anEventTooLargeForTheParkingTopicKeepsItsPlaceInItsKeysOrder() throws Exception {
		StepLog log = new StepLog("K:2");
		String service = service();
		// As an operator may create it: records of at most 2 KB, so that a 3 KB event cannot be copied there.
		createParkingTopic(service, 1, Map.of("cleanup.policy", "compact", "max.message.bytes", "2048"));
		try (ConfigurableApplicationContext app = start(service, log)) {
			DeadLetters deadLetters = app.getBean(DeadLetters.class);
			publish(app, service, "K", 1);
			publish(app, service, "K", 2);
			app.getBean(EventPublisher.class)
				.publishAsync(topic(service), "step", "K", Map.of("key", "K", "seq", 3, "padding", "x".repeat(3_000)))
				.join();
			publish(app, service, "K", 4);
			publish(app, service, "L", 1);
			await().atMost(Duration.ofSeconds(30)).until(() -> log.handled().contains("L:1")
					&& parkedOf(deadLetters, "K").size() == 2);
			assertThat(keyListed(deadLetters, "K")).filteredOn((letter) -> !letter.isParked()).hasSize(1);

			log.fix();
			deadLetters.replay(deadLetterOf(deadLetters, "K").eventId());

			await().atMost(Duration.ofSeconds(30)).until(() -> log.handled("K").size() >= 4);
			assertThat(log.handled("K")).containsExactly("K:1", "K:2", "K:3", "K:4");
			await().atMost(Duration.ofSeconds(30)).until(() -> keyListed(deadLetters, "K").isEmpty());
		}
	}

	@Test
	void aKeyWithManyParkedEventsIsReleasedInOrderAChunkAtATime(CapturedOutput output) {
		StepLog log = new StepLog("K:2");
		String service = service();
		try (ConfigurableApplicationContext app = start(service, log)) {
			DeadLetters deadLetters = app.getBean(DeadLetters.class);
			publish(app, service, "K", 1);
			publish(app, service, "K", 2);
			for (int seq = 3; seq <= 252; seq++) {
				publish(app, service, "K", seq);
			}
			publish(app, service, "L", 1);
			await().atMost(Duration.ofSeconds(60)).until(() -> parkedOf(deadLetters, "K").size() == 250);
			assertThat(log.handled()).containsExactly("K:1", "L:1");

			log.fix();
			deadLetters.replay(deadLetterOf(deadLetters, "K").eventId());
			publish(app, service, "L", 2);

			await().atMost(Duration.ofSeconds(60)).until(() -> log.handled("K").size() == 252);
			assertThat(log.handled("K")).isEqualTo(java.util.stream.IntStream.rangeClosed(1, 252).mapToObj((seq) -> "K:" + seq).toList());
			assertThat(log.handled("L")).containsExactly("L:1", "L:2");
			assertThat(output.toString().lines().filter((line) -> line.contains("Released 100 parked event(s) of key 'K' on "
					+ topic(service)))).hasSize(2);
			await().atMost(Duration.ofSeconds(30)).until(() -> keyListed(deadLetters, "K").isEmpty());
		}
	}

	@Test
	void theParkingTopicIsReadBeforeTheConsumersStartAndUntilTheyHaveStopped() {
		StepLog log = new StepLog("K:2");
		String service = service();
		List<Boolean> parkingLogRunning = new java.util.concurrent.CopyOnWriteArrayList<>();
		java.util.concurrent.atomic.AtomicReference<ConfigurableApplicationContext> context = new java.util.concurrent.atomic.AtomicReference<>();
		ApplicationListener<ApplicationEvent> watcher = (event) -> {
			if (event instanceof ConsumerStartingEvent || event instanceof ContainerStoppedEvent) {
				parkingLogRunning.add(context.get().getBean(ParkingLog.class).isRunning());
			}
		};
		try (ConfigurableApplicationContext app = start(service, log, watcher, (started) -> context.set(started))) {
			parkScenario(app, log, service);
		}
		assertThat(parkingLogRunning).isNotEmpty().containsOnly(true);
	}

	@Test
	void aParkingTopicCreatedBeforehandWithThreePartitionsKeepsTheOrder() throws Exception {
		StepLog log = new StepLog("K:2");
		String service = service();
		// As an operator creates topics on a cluster whose default is three partitions.
		createParkingTopic(service, 3, Map.of("cleanup.policy", "compact"));
		try (ConfigurableApplicationContext app = start(service, log)) {
			DeadLetter deadLetter = parkScenario(app, log, service);
			log.fix();
			app.getBean(DeadLetters.class).replay(deadLetter.eventId());
			publish(app, service, "K", 5);

			awaitReleased(app, log);
		}
		// Everything eventwire parked went to the partition it reads.
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", System.getProperty("spring.embedded.kafka.brokers")))) {
			Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
				.listOffsets(Map.of(new TopicPartition("parked-" + service, 1), OffsetSpec.latest(),
						new TopicPartition("parked-" + service, 2), OffsetSpec.latest()))
				.all()
				.get();
			assertThat(ends.values()).extracting(ListOffsetsResult.ListOffsetsResultInfo::offset).containsOnly(0L);
		}
	}

	/**
	 * K:1 handled, K:2 dead-lettered, then L:1, K:3, L:2, K:4, L:3: the L events are handled, K's
	 * wait behind K:2's dead letter.
	 * @return K:2's dead letter
	 */
	private static DeadLetter parkScenario(ConfigurableApplicationContext app, StepLog log, String service) {
		DeadLetters deadLetters = app.getBean(DeadLetters.class);
		publish(app, service, "K", 1);
		PublishResult failed = publish(app, service, "K", 2);
		Map<String, String> eventIds = new java.util.HashMap<>();
		for (String step : List.of("L:1", "K:3", "L:2", "K:4", "L:3")) {
			eventIds.put(step, publish(app, service, step.substring(0, 1), Integer.parseInt(step.substring(2))).eventId());
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> log.handled().contains("L:3"));
		DeadLetter deadLetter = await().atMost(Duration.ofSeconds(30))
			.until(() -> deadLetterOf(deadLetters, "K"), (letter) -> letter != null);
		await().atMost(Duration.ofSeconds(30)).until(() -> parkedOf(deadLetters, "K").size() == 2);

		assertThat(log.handled()).containsExactly("K:1", "L:1", "L:2", "L:3");
		assertThat(deadLetter.originalEventId()).isEqualTo(failed.eventId());
		assertThat(deadLetter.parkedBehind()).isNull();
		List<DeadLetter> parked = parkedOf(deadLetters, "K");
		assertThat(parked).extracting(DeadLetter::eventId).containsExactly(eventIds.get("K:3"), eventIds.get("K:4"));
		assertThat(parked).extracting(DeadLetter::type).containsOnly("step");
		assertThat(parked).extracting(DeadLetter::parkedBehind).containsOnly(deadLetter.eventId());
		assertThat(parked).allSatisfy((letter) -> assertThat(letter.reason()).contains("Parked behind dead letter"));
		assertThat(keyListed(deadLetters, "L")).isEmpty();
		return deadLetter;
	}

	// After the fix and the replay: K:2, K:3, K:4 and K:5 (published after the replay) in order, and
	// nothing of K listed any more.
	private static void awaitReleased(ConfigurableApplicationContext app, StepLog log) {
		await().atMost(Duration.ofSeconds(60)).until(() -> log.handled("K").size() >= 5);
		assertThat(log.handled("K")).containsExactly("K:1", "K:2", "K:3", "K:4", "K:5");
		await().atMost(Duration.ofSeconds(30)).until(() -> keyListed(app.getBean(DeadLetters.class), "K").isEmpty());
	}

	// The service's parking topic, created before the service starts, as an operator would.
	private static void createParkingTopic(String service, int partitions, Map<String, String> configs)
			throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", System.getProperty("spring.embedded.kafka.brokers")))) {
			admin.createTopics(List.of(new NewTopic("parked-" + service, partitions, (short) 1).configs(configs)))
				.all()
				.get();
		}
	}

	private static DeadLetter deadLetterOf(DeadLetters deadLetters, String key) {
		return keyListed(deadLetters, key).stream().filter((letter) -> !letter.isParked()).findFirst().orElse(null);
	}

	private static List<DeadLetter> parkedOf(DeadLetters deadLetters, String key) {
		return keyListed(deadLetters, key).stream().filter(DeadLetter::isParked).toList();
	}

	private static List<DeadLetter> keyListed(DeadLetters deadLetters, String key) {
		return deadLetters.list().stream().filter((letter) -> key.equals(letter.key())).toList();
	}

	private static PublishResult publish(ConfigurableApplicationContext app, String service, String key, int seq) {
		return app.getBean(EventPublisher.class)
			.publishAsync(topic(service), "step", key, new StepLog.Step(key, seq))
			.join();
	}

	private static String service() {
		return "keyorder-" + services.incrementAndGet();
	}

	private static String topic(String service) {
		return service + "-steps";
	}

	static ConfigurableApplicationContext start(String service, StepLog log, String... properties) {
		return start(service, log, (event) -> {
		}, (context) -> {
		}, properties);
	}

	static ConfigurableApplicationContext start(String service, StepLog log, ApplicationListener<ApplicationEvent> listener,
			java.util.function.Consumer<ConfigurableApplicationContext> starting, String... properties) {
		String[] args = new String[properties.length + 4];
		args[0] = "--eventwire.service-name=" + service;
		args[1] = "--test.topic=" + topic(service);
		args[2] = "--eventwire.retry.max-retries=0";
		args[3] = "--eventwire.dlq.topic=" + service + "-dlq";
		System.arraycopy(properties, 0, args, 4, properties.length);
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.initializers((context) -> {
				starting.accept(context);
				((GenericApplicationContext) context).getBeanFactory().registerSingleton("stepLog", log);
			})
			.listeners(listener)
			.run(args);
	}

	@EventTranslator(topics = "${test.topic}")
	static class Steps {

		private final StepLog log;

		Steps(StepLog log) {
			this.log = log;
		}

		@OnEvent("step")
		void step(StepLog.Step step) {
			this.log.handle(step);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Steps steps(StepLog stepLog) {
			return new Steps(stepLog);
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		NewTopic stepsTopic(@Value("${test.topic}") String topic) {
			return TopicBuilder.name(topic).partitions(1).replicas(1).build();
		}

	}

}
