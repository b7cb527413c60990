package io.eventwire.autoconfigure.upcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.EventUpcaster;
import io.eventwire.OnEvent;
import io.eventwire.autoconfigure.KafkaTestSupport;
import io.eventwire.consume.InvalidEventHandlerException;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.internal.Uuids;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.kafka.config.TopicBuilder;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Events whose shape changed, on the embedded broker: {@code customer} was a string in version 1
 * of {@code order_placed} and is an object in version 2. A handler of version 2 takes a hexkit-style
 * record without {@code schema_version} through the upcaster, a version 2 record untouched, a
 * version 3 record with a field it does not know, and a dead letter of a version 1 event replayed
 * after it moved to version 2; a handler whose chain has a gap stops the startup.
 */
class UpcastingTests {

	private static final AtomicInteger services = new AtomicInteger();

	@Test
	void eachVersionReachesTheVersionTwoHandler() throws Exception {
		Orders orders = new Orders();
		String service = service();
		try (ConfigurableApplicationContext app = start(service, orders, "--test.handler-version=2")) {
			String brokers = brokers(app);
			send(brokers, service, "o-1", "{\"orderId\":\"o-1\",\"customer\":\"Ada\"}", null);
			send(brokers, service, "o-2", "{\"orderId\":\"o-2\",\"customer\":{\"name\":\"Bo\"}}", "2");
			send(brokers, service, "o-3", "{\"orderId\":\"o-3\",\"customer\":{\"name\":\"Cy\"},\"channel\":\"web\"}", "3");

			await().atMost(Duration.ofSeconds(30)).until(() -> orders.placed.size() == 3);
			assertThat(orders.placed).containsExactlyInAnyOrder(new OrderV2("o-1", new Customer("Ada")),
					new OrderV2("o-2", new Customer("Bo")), new OrderV2("o-3", new Customer("Cy")));
			assertThat(orders.upcasts).hasValue(1);
			assertThat(app.getBean(DeadLetters.class).list()).isEmpty();
		}
	}

	@Test
	void aDeadLetterOfAVersionOneEventReplayedAfterTheHandlerMovedToVersionTwoIsUpcast() throws Exception {
		Orders orders = new Orders();
		String service = service();
		String deadLetterId;
		try (ConfigurableApplicationContext app = start(service, orders, "--test.handler-version=1")) {
			send(brokers(app), service, "o-9", "{\"orderId\":\"o-9\",\"customer\":\"Dee\"}", null);
			DeadLetters deadLetters = app.getBean(DeadLetters.class);
			DeadLetter deadLetter = await().atMost(Duration.ofSeconds(30))
				.until(() -> deadLetters.list().stream().findFirst().orElse(null), (letter) -> letter != null);
			deadLetterId = deadLetter.eventId();
		}
		try (ConfigurableApplicationContext app = start(service, orders, "--test.handler-version=2")) {
			app.getBean(DeadLetters.class).replay(deadLetterId);
			await().atMost(Duration.ofSeconds(30)).until(() -> !orders.placed.isEmpty());
			assertThat(orders.placed).containsExactly(new OrderV2("o-9", new Customer("Dee")));
		}
	}

	@Test
	void aHandlerWhoseChainHasAGapStopsTheStartup() {
		assertThatException().isThrownBy(() -> start(service(), new Orders(), "--test.handler-version=3").close())
			.havingRootCause()
			.isInstanceOf(InvalidEventHandlerException.class)
			.withMessageContaining("it handles version 3 of 'order_placed' on")
			.withMessageContaining("no EventUpcaster turns version 2 into 3");
	}

	private static void send(String brokers, String service, String key, String json, String version) throws Exception {
		Map<String, String> headers = new java.util.HashMap<>(Map.of("type", "order_placed", "event_id", Uuids.random()));
		if (version != null) {
			headers.put("schema_version", version);
		}
		KafkaTestSupport.send(brokers, topic(service), key, json, headers);
	}

	private static String brokers(ConfigurableApplicationContext app) {
		return app.getEnvironment().getProperty("spring.embedded.kafka.brokers");
	}

	private static String service() {
		return "upcast-" + services.incrementAndGet();
	}

	private static String topic(String service) {
		return service + "-orders";
	}

	private static ConfigurableApplicationContext start(String service, Orders orders, String... properties) {
		List<String> args = new ArrayList<>(List.of("--eventwire.service-name=" + service, "--test.topic=" + topic(service),
				"--eventwire.retry.max-retries=0", "--eventwire.dlq.topic=" + service + "-dlq"));
		args.addAll(List.of(properties));
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.initializers((context) -> ((GenericApplicationContext) context).getBeanFactory().registerSingleton("orders", orders))
			.run(args.toArray(String[]::new));
	}

	record Customer(String name) {
	}

	record OrderV1(String orderId, String customer) {
	}

	record OrderV2(String orderId, Customer customer) {
	}

	/**
	 * What the handlers received, shared by the service's instances in a test.
	 */
	static final class Orders {

		final List<OrderV2> placed = new CopyOnWriteArrayList<>();

		final AtomicInteger upcasts = new AtomicInteger();

	}

	@EventTranslator(topics = "${test.topic}")
	static class VersionOneHandler {

		@OnEvent("order_placed")
		void placed(OrderV1 order) {
			throw new IllegalStateException("the carrier refuses " + order.orderId());
		}

	}

	@EventTranslator(topics = "${test.topic}")
	static class VersionTwoHandler {

		private final Orders orders;

		VersionTwoHandler(Orders orders) {
			this.orders = orders;
		}

		@OnEvent(value = "order_placed", version = 2)
		void placed(OrderV2 order, EventMetadata metadata) {
			this.orders.placed.add(order);
		}

	}

	@EventTranslator(topics = "${test.topic}")
	static class VersionThreeHandler {

		@OnEvent(value = "order_placed", version = 3)
		void placed(OrderV2 order) {
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		@ConditionalOnProperty(name = "test.handler-version", havingValue = "1")
		VersionOneHandler versionOneHandler() {
			return new VersionOneHandler();
		}

		@Bean
		@ConditionalOnProperty(name = "test.handler-version", havingValue = "2")
		VersionTwoHandler versionTwoHandler(Orders orders) {
			return new VersionTwoHandler(orders);
		}

		@Bean
		@ConditionalOnProperty(name = "test.handler-version", havingValue = "3")
		VersionThreeHandler versionThreeHandler() {
			return new VersionThreeHandler();
		}

		// customer: "Ada" became customer: {"name": "Ada"}.
		@Bean
		EventUpcaster orderPlacedV1ToV2(@Value("${test.topic}") String topic, Orders orders) {
			return EventUpcaster.of(topic, "order_placed", 1, (payload) -> {
				orders.upcasts.incrementAndGet();
				ObjectNode order = (ObjectNode) payload;
				order.set("customer", order.objectNode().put("name", order.path("customer").asString()));
				return order;
			});
		}

		@Bean
		NewTopic ordersTopic(@Value("${test.topic}") String topic) {
			return TopicBuilder.name(topic).partitions(1).replicas(1).build();
		}

	}

}
