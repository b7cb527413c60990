package io.eventwire.kafkaonly;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventwire.EventPublisher;
import io.eventwire.consume.EventInbox;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.outbox.EventOutbox;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The starter with {@code spring-boot-starter-data-mongodb} excluded, on the embedded broker: the
 * service handles, retries, dead-letters, keeps key order and replays; the outbox and the inbox are
 * absent, and asking for them is a startup error that says what to add.
 */
@ExtendWith(OutputCaptureExtension.class)
class KafkaOnlyServiceTests {

	private static final AtomicInteger services = new AtomicInteger();

	@Test
	void mongoDbIsNotOnTheClassPath() {
		ClassLoader classLoader = getClass().getClassLoader();
		assertThat(ClassUtils.isPresent("org.springframework.data.mongodb.core.MongoOperations", classLoader)).isFalse();
		assertThat(ClassUtils.isPresent("com.mongodb.client.MongoClient", classLoader)).isFalse();
		assertThat(ClassUtils.isPresent("org.bson.Document", classLoader)).isFalse();
	}

	@Test
	void handlesRetriesDeadLettersKeepsKeyOrderAndReplays() {
		String service = service();
		try (ConfigurableApplicationContext app = start(service)) {
			StepJournal journal = app.getBean(StepJournal.class);
			journal.failing("K:2", 2);
			journal.failing("P:1", Integer.MAX_VALUE);
			for (String step : List.of("K:1", "K:2", "P:1", "P:2", "K:3")) {
				publish(app, service, step);
			}

			DeadLetters deadLetters = app.getBean(DeadLetters.class);
			await().atMost(Duration.ofSeconds(60)).until(() -> journal.applied().contains("K:3")
					&& deadLetters.list().stream().anyMatch(DeadLetter::isParked));
			assertThat(journal.applied()).containsExactly("K:1", "K:2", "K:3");
			assertThat(journal.attempts("K:2")).as("two failures, then applied on the second retry").isEqualTo(3);
			DeadLetter deadLetter = deadLetters.list().stream().filter((letter) -> !letter.isParked()).findFirst().orElseThrow();
			assertThat(deadLetter.key()).isEqualTo("P");
			assertThat(deadLetter.reason()).contains("cannot apply P:1 yet");
			assertThat(deadLetters.list()).filteredOn(DeadLetter::isParked)
				.singleElement()
				.satisfies((parked) -> assertThat(parked.parkedBehind()).isEqualTo(deadLetter.eventId()));

			journal.fix("P:1");
			deadLetters.replay(deadLetter.eventId());
			publish(app, service, "P:3");
			await().atMost(Duration.ofSeconds(60)).until(() -> journal.applied().contains("P:3"));
			assertThat(journal.applied()).containsExactly("K:1", "K:2", "K:3", "P:1", "P:2", "P:3");
			await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.list().isEmpty());

			assertThat(app.getBeanNamesForType(EventOutbox.class)).isEmpty();
			assertThat(app.containsBean("outboxRelay")).isFalse();
			assertThat(app.getBeanNamesForType(EventInbox.class)).isEmpty();
		}
	}

	@Test
	void askingForTheInboxIsAStartupErrorThatSaysWhatToAdd(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(service(), "--eventwire.consumer.deduplication.enabled=true"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The inbox keeps its state in MongoDB, and there is no MongoDB: "
					+ "eventwire.consumer.deduplication.enabled=true asks for it.")
			.contains("Add org.springframework.boot:spring-boot-starter-data-mongodb");
	}

	@Test
	void askingForTheOutboxIsAStartupErrorThatSaysWhatToAdd(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(KafkaOnlyApplication.class, OutboxUser.class)
			.web(WebApplicationType.NONE)
			.profiles("test")
			.run("--eventwire.service-name=" + service()));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("EventOutbox keeps its state in MongoDB, and MongoDB is not on the class path")
			.contains("Add org.springframework.boot:spring-boot-starter-data-mongodb");
	}

	static class OutboxUser {

		OutboxUser(EventOutbox outbox) {
		}

	}

	private static void publish(ConfigurableApplicationContext app, String service, String step) {
		String[] parts = step.split(":");
		app.getBean(EventPublisher.class)
			.publishAsync(service + "-steps", "step", parts[0], new Step(parts[0], Integer.parseInt(parts[1])))
			.join();
	}

	private static String service() {
		return "kafka-only-" + services.incrementAndGet();
	}

	private static ConfigurableApplicationContext start(String service, String... more) {
		createTopic(service + "-steps");
		String[] args = new String[more.length + 6];
		args[0] = "--eventwire.service-name=" + service;
		args[1] = "--steps.topic=" + service + "-steps";
		args[2] = "--eventwire.dlq.topic=" + service + "-dlq";
		args[3] = "--eventwire.retry.max-retries=2";
		args[4] = "--eventwire.retry.backoff=100ms";
		args[5] = "--eventwire.retry.max-backoff=200ms";
		System.arraycopy(more, 0, args, 6, more.length);
		return new SpringApplicationBuilder(KafkaOnlyApplication.class).web(WebApplicationType.NONE)
			.profiles("test")
			.run(args);
	}

	// One partition: the order of the steps across keys is then the order they were published in.
	private static void createTopic(String topic) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				System.getProperty("spring.embedded.kafka.brokers")))) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not create " + topic, ex);
		}
	}

}
