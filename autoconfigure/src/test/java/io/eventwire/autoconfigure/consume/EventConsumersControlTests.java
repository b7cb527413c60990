package io.eventwire.autoconfigure.consume;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.consume.EventConsumers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * eventwire's consumer groups listed, paused and resumed through {@link EventConsumers} and the
 * {@code eventwireConsumers} endpoint, on the embedded broker: a paused group handles nothing and
 * takes up where it stopped once resumed.
 */
class EventConsumersControlTests {

	static final String TOPIC = "control-orders";

	@Test
	void aGroupIsPausedThroughTheEndpointAndResumedThroughTheApi() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).run("--server.port=0",
				"--eventwire.service-name=control", "--management.endpoints.web.exposure.include=eventwireConsumers",
				"--management.endpoint.eventwireConsumers.access=unrestricted")) {
			Handler handler = context.getBean(Handler.class);
			EventPublisher publisher = context.getBean(EventPublisher.class);
			EventConsumers consumers = context.getBean(EventConsumers.class);
			RestClient actuator = RestClient.create(
					"http://localhost:" + context.getEnvironment().getRequiredProperty("local.server.port") + "/actuator");

			publisher.publish(TOPIC, "order_placed", "o-1", Map.of("orderId", "o-1"));
			await().atMost(Duration.ofSeconds(30)).until(() -> handler.received.contains("o-1"));
			String listed = actuator.get().uri("/eventwireConsumers").retrieve().body(String.class);
			assertThat(listed).contains("\"groupId\":\"control\"").contains(TOPIC).contains("\"running\":true");

			String paused = actuator.post()
				.uri("/eventwireConsumers/control")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("action", "pause"))
				.retrieve()
				.body(String.class);
			assertThat(paused).contains("\"pauseRequested\":true");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> consumers.groups().get(0).paused());
			publisher.publish(TOPIC, "order_placed", "o-2", Map.of("orderId", "o-2"));
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
				.until(() -> !handler.received.contains("o-2"));

			assertThat(consumers.resume("control").pauseRequested()).isFalse();
			await().atMost(Duration.ofSeconds(20)).until(() -> handler.received.contains("o-2"));

			HttpStatusCode unknown = actuator.post()
				.uri("/eventwireConsumers/nope")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("action", "pause"))
				.exchange((request, response) -> response.getStatusCode());
			assertThat(unknown.value()).isEqualTo(404);
			HttpStatusCode badAction = actuator.post()
				.uri("/eventwireConsumers/control")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("action", "stop"))
				.exchange((request, response) -> response.getStatusCode());
			assertThat(badAction.value()).isEqualTo(400);
		}
	}

	@Test
	void consumersWaitForTheApplicationWhenAutoStartupIsOff() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).run("--server.port=0",
				"--eventwire.service-name=control-manual", "--eventwire.consumer.auto-startup=false")) {
			Handler handler = context.getBean(Handler.class);
			context.getBean(EventPublisher.class).publish(TOPIC, "order_placed", "m-1", Map.of("orderId", "m-1"));
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
				.until(() -> !handler.received.contains("m-1"));
			assertThat(context.getBean(EventConsumers.class).groups()).singleElement()
				.satisfies((group) -> assertThat(group.running()).isFalse());
			context.getBean(io.eventwire.consume.EventListenerContainers.class).start();
			await().atMost(Duration.ofSeconds(30)).until(() -> handler.received.contains("m-1"));
		}
	}

	@EventTranslator(topics = TOPIC)
	static class Handler {

		final Queue<String> received = new ConcurrentLinkedQueue<>();

		@OnEvent("order_placed")
		void placed(Map<String, Object> event) {
			this.received.add((String) event.get("orderId"));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Handler.class)
	static class App {

	}

}
