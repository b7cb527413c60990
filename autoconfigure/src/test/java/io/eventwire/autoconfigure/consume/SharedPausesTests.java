package io.eventwire.autoconfigure.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.autoconfigure.KafkaTestSupport;
import io.eventwire.consume.EventConsumers;
import io.eventwire.consume.EventListenerContainers;
import io.eventwire.internal.InstanceName;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pause holds on every instance of the service: paused through one instance, the group handles
 * nothing on any, an instance that starts meanwhile handles nothing either, and resumed through
 * that new instance, every event is handled once; the pause outlives a restart of every instance.
 */
class SharedPausesTests {

	static final String SERVICE = "shared-pauses";

	static final String TOPIC = "shared-pauses-orders";

	@Test
	@SuppressWarnings("unchecked")
	void aPauseThroughOneInstanceHoldsOnEveryInstanceAndOnOneThatStartsMeanwhile() {
		List<ConfigurableApplicationContext> instances = new ArrayList<>();
		try {
			instances.add(start());
			instances.add(start());
			Handled handled = new Handled();
			instances.forEach((instance) -> instance.getBean(Handler.class).handled = handled);
			KafkaTestSupport.awaitEveryConsumerAssigned(instances.get(0).getBean(EventListenerContainers.class), TOPIC);
			EventPublisher publisher = instances.get(0).getBean(EventPublisher.class);
			publisher.publish(TOPIC, "order", "k-0", Map.of("n", 0));
			await().atMost(Duration.ofSeconds(30)).until(() -> handled.events.size() == 1);

			// Paused through the second instance: both pause.
			assertThat(consumers(instances.get(1)).pause(SERVICE).pauseRequested()).isTrue();
			instances.forEach((instance) -> await().atMost(Duration.ofSeconds(15))
				.until(() -> consumers(instance).groups().get(0).pauseRequested()));
			for (int n = 1; n <= 20; n++) {
				publisher.publish(TOPIC, "order", "k-" + n, Map.of("n", n));
			}
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> handled.events.size() == 1);
			// The health of the first instance says so, and who paused it.
			Map<String, Object> group = (Map<String, Object>) ((Map<String, Object>) instances.get(0)
				.getBean(ConsumerHealthIndicator.class)
				.health(true)
				.getDetails()
				.get("consumerGroups")).get(SERVICE);
			assertThat(group).containsKey("paused");
			assertThat(group.get("paused").toString()).contains("by=" + InstanceName.current());

			// A third instance, started while the group is paused, handles nothing either.
			ConfigurableApplicationContext third = start();
			third.getBean(Handler.class).handled = handled;
			instances.add(third);
			await().atMost(Duration.ofSeconds(15)).until(() -> consumers(third).groups().get(0).pauseRequested());
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> handled.events.size() == 1);

			// Resumed through it: every event once.
			assertThat(consumers(third).resume(SERVICE).pauseRequested()).isFalse();
			await().atMost(Duration.ofSeconds(30)).until(() -> handled.events.size() == 21);
			assertThat(handled.events).doesNotHaveDuplicates();
			instances.forEach((instance) -> assertThat(consumers(instance).groups().get(0).pauseRequested()).isFalse());

			// Paused again, then every instance restarts: the group stays paused.
			consumers(instances.get(0)).pause(SERVICE);
			instances.forEach(ConfigurableApplicationContext::close);
			instances.clear();
			instances.add(start());
			ConfigurableApplicationContext restarted = instances.get(0);
			restarted.getBean(Handler.class).handled = handled;
			publisher = restarted.getBean(EventPublisher.class);
			publisher.publish(TOPIC, "order", "k-21", Map.of("n", 21));
			await().atMost(Duration.ofSeconds(15)).until(() -> consumers(restarted).groups().get(0).pauseRequested());
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> handled.events.size() == 21);
			consumers(restarted).resume(SERVICE);
			await().atMost(Duration.ofSeconds(30)).until(() -> handled.events.size() == 22);
		}
		finally {
			instances.forEach(ConfigurableApplicationContext::close);
		}
	}

	private static EventConsumers consumers(ConfigurableApplicationContext instance) {
		return instance.getBean(EventConsumers.class);
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run("--eventwire.service-name=" + SERVICE);
	}

	static class Handled {

		final Queue<Integer> events = new ConcurrentLinkedQueue<>();

	}

	@EventTranslator(topics = TOPIC)
	static class Handler {

		volatile Handled handled = new Handled();

		@OnEvent("order")
		void order(Map<String, Object> order) {
			this.handled.events.add(((Number) order.get("n")).intValue());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Handler.class)
	static class App {

		@Bean
		NewTopic sharedPausesTopic() {
			return TopicBuilder.name(TOPIC).partitions(4).replicas(1).build();
		}

	}

}
