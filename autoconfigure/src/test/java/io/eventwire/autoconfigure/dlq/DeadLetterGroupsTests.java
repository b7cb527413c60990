package io.eventwire.autoconfigure.dlq;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dead letter goes back to the consumer group that failed it: a translator with a consumer group
 * of its own gets the replay of its dead letter, and the service group's translator of the same
 * topic and type, which handled the event the first time, is not called again (in a payments
 * service, that would capture a payment twice). Before, the replay went to the service's group
 * alone.
 */
class DeadLetterGroupsTests {

	static final String TOPIC = "dlq-groups-payments";

	static final String OWN_ONLY_TOPIC = "dlq-own-only-payments";

	@Test
	void aTranslatorInAGroupOfItsOwnGetsTheReplayOfItsDeadLetterAndTheServiceGroupIsNotCalledAgain() {
		try (ConfigurableApplicationContext context = start(App.class, "dlq-groups")) {
			Capture capture = context.getBean(Capture.class);
			Audit audit = context.getBean(Audit.class);
			audit.refused.add("p-1");
			context.getBean(EventPublisher.class).publish(TOPIC, "payment", "account-1", Map.of("id", "p-1"));

			DeadLetter letter = await().atMost(Duration.ofSeconds(30))
				.until(() -> pending(context, TOPIC), (found) -> found != null);
			assertThat(letter.consumerGroup()).isEqualTo("dlq-groups-audit");
			assertThat(header(readAll(System.getProperty("spring.embedded.kafka.brokers"), "dlq",
					(record) -> letter.eventId().equals(header(record, "event_id"))).get(0), "consumer_group"))
				.isEqualTo("dlq-groups-audit");
			await().atMost(Duration.ofSeconds(30)).until(() -> capture.count("p-1") == 1);

			audit.refused.clear();
			context.getBean(DeadLetters.class).replay(letter.eventId());

			await().atMost(Duration.ofSeconds(30)).until(() -> audit.count("p-1") == 1);
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> capture.count("p-1") == 1);
			assertThat(pending(context, TOPIC)).isNull();
		}
	}

	@Test
	void aTranslatorInAGroupOfItsOwnKeepsItsKeysInOrderBehindItsDeadLetter() {
		try (ConfigurableApplicationContext context = start(App.class, "dlq-groups-order")) {
			Capture capture = context.getBean(Capture.class);
			Audit audit = context.getBean(Audit.class);
			audit.refused.add("o-1");
			EventPublisher publisher = context.getBean(EventPublisher.class);
			publisher.publish(TOPIC, "payment", "account-9", Map.of("id", "o-1"));
			publisher.publish(TOPIC, "payment", "account-9", Map.of("id", "o-2"));
			publisher.publish(TOPIC, "payment", "account-8", Map.of("id", "o-3"));

			// The service's group handles all three; the audit group parks o-2 behind o-1's dead letter.
			await().atMost(Duration.ofSeconds(30)).until(() -> capture.count("o-1") + capture.count("o-2")
					+ capture.count("o-3") == 3 && audit.count("o-3") == 1);
			DeadLetter letter = await().atMost(Duration.ofSeconds(30))
				.until(() -> context.getBean(DeadLetters.class)
					.list()
					.stream()
					.filter((found) -> found.isParked() && "account-9".equals(found.key()))
					.findFirst()
					.orElse(null), (found) -> found != null);
			assertThat(letter.consumerGroup()).isEqualTo("dlq-groups-audit");
			assertThat(audit.count("o-2")).isZero();

			audit.refused.clear();
			context.getBean(DeadLetters.class).replay(letter.parkedBehind());

			await().atMost(Duration.ofSeconds(30)).until(() -> audit.count("o-2") == 1);
			assertThat(audit.order).containsSubsequence("o-3", "o-1", "o-2");
			assertThat(capture.count("o-1") + capture.count("o-2")).isEqualTo(2);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> context.getBean(DeadLetters.class).list().stream().noneMatch((found) -> "account-9".equals(found.key())));
		}
	}

	@Test
	void aServiceWhoseTranslatorsAllHaveGroupsOfTheirOwnReplaysToo() {
		try (ConfigurableApplicationContext context = start(OwnGroupsOnlyApp.class, "dlq-own-only")) {
			OwnGroupOnly translator = context.getBean(OwnGroupOnly.class);
			translator.refused.add("q-1");
			context.getBean(EventPublisher.class).publish(OWN_ONLY_TOPIC, "payment", "account-2", Map.of("id", "q-1"));
			DeadLetter letter = await().atMost(Duration.ofSeconds(30))
				.until(() -> pending(context, OWN_ONLY_TOPIC), (found) -> found != null);
			assertThat(letter.consumerGroup()).isEqualTo("dlq-own-only-ledger");

			translator.refused.clear();
			context.getBean(DeadLetters.class).replay(letter.eventId());

			await().atMost(Duration.ofSeconds(30)).until(() -> translator.count("q-1") == 1);
		}
	}

	private static ConfigurableApplicationContext start(Class<?> app, String service) {
		return new SpringApplicationBuilder(app).run("--spring.main.web-application-type=none",
				"--eventwire.service-name=" + service);
	}

	private static DeadLetter pending(ConfigurableApplicationContext context, String topic) {
		return context.getBean(DeadLetters.class)
			.list()
			.stream()
			.filter((letter) -> !letter.isParked() && topic.equals(letter.originalTopic()))
			.findFirst()
			.orElse(null);
	}

	/** Counts what a translator handled, and refuses what it is told to. */
	abstract static class Counting {

		final Set<String> refused = ConcurrentHashMap.newKeySet();

		final Map<String, Integer> handled = new ConcurrentHashMap<>();

		final List<String> order = new CopyOnWriteArrayList<>();

		void handle(Map<String, Object> payment) {
			String id = (String) payment.get("id");
			if (this.refused.contains(id)) {
				throw new NonRetryableEventException("payment " + id + " is refused");
			}
			this.handled.merge(id, 1, Integer::sum);
			this.order.add(id);
		}

		int count(String id) {
			return this.handled.getOrDefault(id, 0);
		}

	}

	/** The service's group: captures the payment. */
	@EventTranslator(topics = TOPIC)
	static class Capture extends Counting {

		@OnEvent("payment")
		void payment(Map<String, Object> payment) {
			handle(payment);
		}

	}

	/** A group of its own: writes the audit trail. */
	@EventTranslator(topics = TOPIC, groupId = "dlq-groups-audit")
	static class Audit extends Counting {

		@OnEvent("payment")
		void payment(Map<String, Object> payment) {
			handle(payment);
		}

	}

	@EventTranslator(topics = OWN_ONLY_TOPIC, groupId = "dlq-own-only-ledger")
	static class OwnGroupOnly extends Counting {

		@OnEvent("payment")
		void payment(Map<String, Object> payment) {
			handle(payment);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Capture.class, Audit.class })
	static class App {

		@Bean
		NewTopic groupsTopic() {
			return TopicBuilder.name(TOPIC).partitions(1).replicas(1).build();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(OwnGroupOnly.class)
	static class OwnGroupsOnlyApp {

		@Bean
		NewTopic ownOnlyTopic() {
			return TopicBuilder.name(OWN_ONLY_TOPIC).partitions(1).replicas(1).build();
		}

	}

}
