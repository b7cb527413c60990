package io.eventwire.autoconfigure.parallel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.eventwire.DependencyUnavailableException;
import io.eventwire.EventMetadata;
import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.PublishResult;
import io.eventwire.consume.EventConsumers;
import io.eventwire.consume.EventListenerContainers;
import io.eventwire.correlation.CorrelationId;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.parallel.KeyParallelDispatcher;
import io.eventwire.retry.ConsumerGroupStates;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
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
 * Events of different keys of one partition handled side by side ({@code eventwire.consumer.parallelism}),
 * on the embedded broker: each key in order, never two of one key at once, the correlation id and
 * the trace on the handler's thread; a dead letter parks only its key; a key that waits for a
 * dependency holds only itself; an outage of every key dead-letters nothing and keeps each key's
 * order. Each test is a service of its own, with a topic of one partition.
 */
class KeyParallelismTests {

	private static final AtomicInteger services = new AtomicInteger();

	@Test
	void eventsOfDifferentKeysOfOnePartitionAreHandledSideBySideEachKeyInOrder() {
		KeyLog log = new KeyLog(Duration.ofMillis(20));
		String service = service();
		// One event of k-7 is poison: it is dead-lettered and parks k-7 alone.
		log.fail((step) -> step.name().equals("k-7:5"), new IllegalStateException("cannot apply k-7:5"));
		try (ConfigurableApplicationContext app = start(service, log, "--eventwire.consumer.parallelism=50")) {
			List<CompletableFuture<PublishResult>> sent = new ArrayList<>();
			for (int seq = 1; seq <= 20; seq++) {
				for (int key = 0; key < 100; key++) {
					sent.add(publish(app, service, "k-" + key, seq));
				}
			}
			sent.forEach(CompletableFuture::join);

			await().atMost(Duration.ofSeconds(60)).until(() -> log.handledCount() == 99 * 20 + 4);
			for (int key = 0; key < 100; key++) {
				assertThat(log.handled("k-" + key)).as("k-" + key)
					.isEqualTo(seqs(1, (key == 7) ? 4 : 20));
			}
			assertThat(log.maxInFlight()).isGreaterThanOrEqualTo(10).isLessThanOrEqualTo(50);
			assertThat(log.maxInFlightOfOneKey()).isEqualTo(1);
			assertThat(log.mdcMismatches()).isEmpty();
			assertThat(log.outsideTrace()).isEmpty();

			DeadLetters deadLetters = app.getBean(DeadLetters.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> keyListed(deadLetters, "k-7").size() == 16);
			DeadLetter deadLetter = keyListed(deadLetters, "k-7").stream().filter((letter) -> !letter.isParked())
				.findFirst().orElseThrow();
			assertThat(deadLetter.attempts()).isEqualTo(1);
			assertThat(deadLetters.list()).allMatch((letter) -> "k-7".equals(letter.key()));

			log.fix();
			deadLetters.replay(deadLetter.eventId());
			await().atMost(Duration.ofSeconds(60)).until(() -> log.handled("k-7").size() == 20);
			assertThat(log.handled("k-7")).isEqualTo(seqs(1, 20));
			await().atMost(Duration.ofSeconds(30)).until(() -> keyListed(deadLetters, "k-7").isEmpty());
		}
	}

	@Test
	void aKeyWaitingForADependencyHoldsOnlyItself() {
		KeyLog log = new KeyLog(Duration.ofMillis(5));
		String service = service();
		Instant[] until = new Instant[1];
		log.fail((step) -> step.key().equals("slow") && firstCall(until, Duration.ofSeconds(5)),
				new DependencyUnavailableException("the slow key's store is down"));
		try (ConfigurableApplicationContext app = start(service, log, "--eventwire.consumer.parallelism=8")) {
			for (int seq = 1; seq <= 3; seq++) {
				publish(app, service, "slow", seq).join();
			}
			List<CompletableFuture<PublishResult>> sent = new ArrayList<>();
			for (int seq = 1; seq <= 5; seq++) {
				for (int key = 0; key < 20; key++) {
					sent.add(publish(app, service, "k-" + key, seq));
				}
			}
			sent.forEach(CompletableFuture::join);

			await().atMost(Duration.ofSeconds(30)).until(() -> log.handledCount() >= 100);
			// Every other key is done while the slow one still waits.
			assertThat(log.handled("slow")).isEmpty();
			assertThat(app.getBean(ConsumerGroupStates.class).forGroup(service).dependencyWait().isWaiting()).isTrue();
			IntStream.range(0, 20).forEach((key) -> assertThat(log.handled("k-" + key)).isEqualTo(seqs(1, 5)));

			await().atMost(Duration.ofSeconds(30)).until(() -> log.handled("slow").size() == 3);
			assertThat(log.handled("slow")).containsExactly(1, 2, 3);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> !app.getBean(ConsumerGroupStates.class).forGroup(service).dependencyWait().isWaiting());
			assertThat(app.getBean(DeadLetters.class).list()).isEmpty();
		}
	}

	@Test
	void anOutageOfEveryKeyDeadLettersNothingKeepsEachKeysOrderAndTakesNoNewWork() {
		KeyLog log = new KeyLog(Duration.ofMillis(2));
		String service = service();
		Instant end = Instant.now().plus(Duration.ofSeconds(20));
		log.fail((step) -> Instant.now().isBefore(end), new DependencyUnavailableException("the database is down"));
		try (ConfigurableApplicationContext app = start(service, log, "--eventwire.consumer.parallelism=20")) {
			List<CompletableFuture<PublishResult>> sent = new ArrayList<>();
			for (int seq = 1; seq <= 3; seq++) {
				for (int key = 0; key < 100; key++) {
					sent.add(publish(app, service, "k-" + key, seq));
				}
			}
			sent.forEach(CompletableFuture::join);
			KeyParallelDispatcher dispatcher = app.getBean(EventListenerContainers.class).keyParallel(service);

			await().atMost(Duration.ofSeconds(30))
				.until(() -> app.getBean(ConsumerGroupStates.class).forGroup(service).dependencyWait().isWaiting());
			await().atMost(Duration.ofSeconds(30)).until(() -> dispatcher.inFlight() == 20);
			// Every handler slot waits for its next attempt: no other event is started meanwhile.
			assertThat(log.failedEvents()).hasSizeLessThanOrEqualTo(20);
			assertThat(log.handledCount()).isZero();
			EventConsumers.ConsumerGroup group = app.getBean(EventConsumers.class).groups().get(0);
			assertThat(group.parallelism()).isEqualTo(20);
			assertThat(group.inFlight()).isEqualTo(20);
			assertThat(group.queued()).isBetween(1, 280);
			MeterRegistry meters = app.getBean(MeterRegistry.class);
			assertThat(meters.get("eventwire.consumer.in.flight").tag("group", service).gauge().value()).isEqualTo(20);
			assertThat(meters.get("eventwire.consumer.queued").tag("group", service).gauge().value())
				.isEqualTo(group.queued());

			await().atMost(Duration.ofSeconds(60)).until(() -> log.handledCount() == 300);
			IntStream.range(0, 100).forEach((key) -> assertThat(log.handled("k-" + key)).isEqualTo(seqs(1, 3)));
			assertThat(log.failedEvents()).hasSizeLessThanOrEqualTo(20);
			assertThat(log.maxInFlightOfOneKey()).isEqualTo(1);
			assertThat(app.getBean(DeadLetters.class).list()).isEmpty();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> !app.getBean(ConsumerGroupStates.class).forGroup(service).dependencyWait().isWaiting());
		}
	}

	// True from the first call until the duration after it.
	private static boolean firstCall(Instant[] until, Duration duration) {
		synchronized (until) {
			if (until[0] == null) {
				until[0] = Instant.now().plus(duration);
			}
			return Instant.now().isBefore(until[0]);
		}
	}

	private static List<Integer> seqs(int from, int to) {
		return IntStream.rangeClosed(from, to).boxed().toList();
	}

	private static List<DeadLetter> keyListed(DeadLetters deadLetters, String key) {
		return deadLetters.list().stream().filter((letter) -> key.equals(letter.key())).toList();
	}

	// Each event under a correlation id of its own, which its handler must find in the MDC.
	private static CompletableFuture<PublishResult> publish(ConfigurableApplicationContext app, String service,
			String key, int seq) {
		try (CorrelationId.Scope scope = CorrelationId.open(CorrelationId.generate())) {
			return app.getBean(EventPublisher.class).publishAsync(topic(service), "step", key, new KeyLog.Step(key, seq));
		}
	}

	private static String service() {
		return "parallel-" + services.incrementAndGet();
	}

	private static String topic(String service) {
		return service + "-steps";
	}

	static ConfigurableApplicationContext start(String service, KeyLog log, String... properties) {
		List<String> args = new ArrayList<>(List.of("--eventwire.service-name=" + service, "--test.topic=" + topic(service),
				"--eventwire.retry.max-retries=0", "--eventwire.retry.backoff=100ms", "--eventwire.retry.max-backoff=1s",
				"--eventwire.dlq.topic=" + service + "-dlq", "--management.tracing.sampling.probability=1.0"));
		args.addAll(List.of(properties));
		ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.initializers((context) -> ((GenericApplicationContext) context).getBeanFactory().registerSingleton("keyLog", log))
			.run(args.toArray(String[]::new));
		log.tracer(app.getBean(Tracer.class));
		return app;
	}

	@EventTranslator(topics = "${test.topic}")
	static class Steps {

		private final KeyLog log;

		Steps(KeyLog log) {
			this.log = log;
		}

		@OnEvent("step")
		void step(KeyLog.Step step, EventMetadata metadata) {
			this.log.handle(step, metadata);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Steps steps(KeyLog keyLog) {
			return new Steps(keyLog);
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
