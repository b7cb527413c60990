package io.eventwire.autoconfigure.dlq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetterNotFoundException;
import io.eventwire.dlq.DeadLetters;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What one instance of a service does with a dead letter holds for every instance: two instances
 * (two application contexts of one service on one broker), a replay or a discard through one of
 * them, and the other one no longer offers the dead letter, nor replays it again, also after both
 * restart.
 */
class DeadLetterInstancesTests {

	static final String SERVICE = "dlq-instances";

	static final String TOPIC = "dlq-instances-orders";

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@AfterEach
	void stopInstances() {
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void aDeadLetterReplayedThroughOneInstanceIsNotPendingOnTheOtherNorReplayedAgain() {
		ConfigurableApplicationContext a = start();
		ConfigurableApplicationContext b = start();
		everywhere((orders) -> orders.refused.add("r-1"));
		a.getBean(EventPublisher.class).publish(TOPIC, "order", "key-r", Map.of("id", "r-1"));
		DeadLetter letter = await().atMost(Duration.ofSeconds(30)).until(() -> pending(a, "r-1"), (found) -> found != null);
		assertThat(pending(b, "r-1")).isEqualTo(letter);

		everywhere((orders) -> orders.refused.clear());
		a.getBean(DeadLetters.class).replay(letter.eventId());

		await().atMost(Duration.ofSeconds(30)).until(() -> handled("r-1") == 1);
		await().atMost(Duration.ofSeconds(30)).until(() -> pending(b, "r-1") == null);
		assertThat(b.getBean(DeadLetters.class).replayAll()).extracting(DeadLetter::eventId)
			.doesNotContain(letter.eventId());
		assertThatExceptionOfType(DeadLetterNotFoundException.class)
			.isThrownBy(() -> b.getBean(DeadLetters.class).replay(letter.eventId()))
			.withMessageContaining("replayed at")
			.withMessageContaining(" by ");
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> handled("r-1") == 1);

		restartAll();
		assertThat(pending(this.instances.get(0), "r-1")).isNull();
		assertThat(pending(this.instances.get(1), "r-1")).isNull();
	}

	@Test
	void aDeadLetterDiscardedThroughAJustStartedInstanceReleasesItsKeyOnEveryInstance() {
		ConfigurableApplicationContext a = start();
		ConfigurableApplicationContext b = start();
		everywhere((orders) -> orders.refused.add("d-1"));
		EventPublisher publisher = a.getBean(EventPublisher.class);
		publisher.publish(TOPIC, "order", "key-d", Map.of("id", "d-1"));
		publisher.publish(TOPIC, "order", "key-d", Map.of("id", "d-2"));
		DeadLetter letter = await().atMost(Duration.ofSeconds(30)).until(() -> pending(a, "d-1"), (found) -> found != null);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> b.getBean(DeadLetters.class).list().stream().anyMatch((parked) -> parked.isParked()
					&& letter.eventId().equals(parked.parkedBehind())));
		assertThat(handled("d-2")).isZero();

		// An instance that has just started: its parking state may not have been read yet.
		ConfigurableApplicationContext c = start();
		c.getBean(DeadLetters.class).discard(letter.eventId());

		await().atMost(Duration.ofSeconds(30)).until(() -> handled("d-2") == 1);
		await().atMost(Duration.ofSeconds(30)).until(() -> pending(a, "d-1") == null && pending(b, "d-1") == null);
		assertThatExceptionOfType(DeadLetterNotFoundException.class)
			.isThrownBy(() -> a.getBean(DeadLetters.class).discard(letter.eventId()))
			.withMessageContaining("discarded at");
		assertThat(handled("d-1")).isZero();

		restartAll();
		assertThat(pending(this.instances.get(0), "d-1")).isNull();
		assertThat(this.instances.get(1).getBean(DeadLetters.class).list())
			.noneMatch((parked) -> letter.eventId().equals(parked.parkedBehind()));
	}

	private ConfigurableApplicationContext start() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).run("--spring.main.web-application-type=none",
				"--eventwire.service-name=" + SERVICE);
		this.instances.add(context);
		return context;
	}

	private void restartAll() {
		int count = this.instances.size();
		stopInstances();
		this.instances.clear();
		for (int i = 0; i < count; i++) {
			start();
		}
	}

	private void everywhere(Consumer<Orders> change) {
		this.instances.forEach((instance) -> change.accept(instance.getBean(Orders.class)));
	}

	private long handled(String id) {
		return this.instances.stream().mapToLong((instance) -> instance.getBean(Orders.class).count(id)).sum()
				+ Orders.handledByStopped.getOrDefault(id, 0);
	}

	private static DeadLetter pending(ConfigurableApplicationContext instance, String id) {
		return instance.getBean(DeadLetters.class)
			.list()
			.stream()
			.filter((letter) -> !letter.isParked() && TOPIC.equals(letter.originalTopic())
					&& letter.payload() != null && letter.payload().contains("\"" + id + "\""))
			.findFirst()
			.orElse(null);
	}

	@EventTranslator(topics = TOPIC)
	static class Orders implements org.springframework.beans.factory.DisposableBean {

		// What instances that were stopped handled, so that a count survives their restart.
		static final Map<String, Integer> handledByStopped = new ConcurrentHashMap<>();

		final Set<String> refused = ConcurrentHashMap.newKeySet();

		final Map<String, Integer> handled = new ConcurrentHashMap<>();

		@OnEvent("order")
		void order(Map<String, Object> order) {
			String id = (String) order.get("id");
			if (this.refused.contains(id)) {
				throw new NonRetryableEventException("order " + id + " is refused");
			}
			this.handled.merge(id, 1, Integer::sum);
		}

		long count(String id) {
			return this.handled.getOrDefault(id, 0);
		}

		@Override
		public void destroy() {
			this.handled.forEach((id, count) -> handledByStopped.merge(id, count, Integer::sum));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Orders.class)
	static class App {

		@Bean
		NewTopic instancesTopic() {
			return TopicBuilder.name(TOPIC).partitions(2).replicas(1).build();
		}

	}

}
