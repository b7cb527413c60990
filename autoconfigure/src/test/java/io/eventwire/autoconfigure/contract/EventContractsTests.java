package io.eventwire.autoconfigure.contract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.EventUpcaster;
import io.eventwire.OnEvent;
import io.eventwire.PublishException;
import io.eventwire.PublishesEvent;
import io.eventwire.autoconfigure.KafkaTestSupport;
import io.eventwire.contract.InvalidEventDeclarationException;
import io.eventwire.test.EventContracts;
import jakarta.validation.constraints.NotNull;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A service's contracts from its code: {@code /actuator/asyncapi} over HTTP (valid AsyncAPI 3.0,
 * the document {@link EventContracts#write} writes), the declared version on published events,
 * undeclared events reported, contradicting declarations refused at startup.
 */
@ExtendWith(OutputCaptureExtension.class)
class EventContractsTests {

	private static final AtomicInteger services = new AtomicInteger();

	private final JsonMapper json = new JsonMapper();

	@Test
	void theAsyncApiEndpointServesAValidDocumentOfWhatTheServicePublishesAndHandles(@TempDir Path files) {
		String service = service();
		try (ConfigurableApplicationContext app = start(service, WebApplicationType.SERVLET, "--server.port=0",
				"--management.endpoints.web.exposure.include=asyncapi")) {
			String body = RestClient.create("http://localhost:" + app.getEnvironment().getRequiredProperty("local.server.port"))
				.get()
				.uri("/actuator/asyncapi")
				.retrieve()
				.body(String.class);
			JsonNode served = this.json.readTree(body);

			EventContracts.assertValidAsyncApi(served);
			assertThat(served.at("/channels/" + service + "-orders/address").asString()).isEqualTo(service + "-orders");
			JsonNode placed = served.at("/components/messages/" + service + "-orders.order_placed.v2.send");
			assertThat(placed.at("/x-eventwire/version").asInt()).isEqualTo(2);
			assertThat(placed.at("/payload/schema/additionalProperties").asBoolean(true)).isFalse();
			assertThat(served.at("/components/schemas/" + service + "-orders.order_placed.v2.send.headers/properties/"
					+ "schema_version/const").asString()).isEqualTo("2");
			JsonNode handled = served.at("/components/messages/" + service + "-orders.order_placed.v2.receive." + service);
			assertThat(handled.at("/payload/schema/required/0").asString()).isEqualTo("customer");
			assertThat(served.at("/operations/send." + service + "-orders.order_placed/action").asString()).isEqualTo("send");
			assertThat(served.at("/operations/receive." + service + "." + service + "-orders.order_placed/x-eventwire-group")
				.asString()).isEqualTo(service);
			assertThat(served.at("/operations/receive." + service + "." + service
					+ "-orders.order_placed/bindings/kafka/groupId/enum/0").asString()).isEqualTo(service);
			assertThat(served.at("/x-eventwire-upcasters/0/fromVersion").asInt()).isEqualTo(1);
			assertThat(served.at("/channels/" + service + "-dlq/x-eventwire-role").asString()).isEqualTo("dead-letters");
			assertThat(served.at("/channels/retry-" + service + "/x-eventwire-role").asString()).isEqualTo("retry");

			ObjectNode broken = ((ObjectNode) served).deepCopy();
			broken.remove("info");
			((ObjectNode) broken.at("/operations/send." + service + "-orders.order_placed")).put("action", "publish");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> EventContracts.assertValidAsyncApi(broken))
				.withMessageContaining("info")
				.withMessageContaining("action");

			Path file = files.resolve("contracts/asyncapi.json");
			EventContracts.of(app).write(file);
			assertThat(this.json.readTree(file.toFile())).isEqualTo(served);
			assertThat(EventContracts.read(file).contracts()).isEqualTo(EventContracts.of(app).contracts());
		}
	}

	@Test
	void theBuildCheckNeedsTheContractsCommittedUnchangedAndCompatible(@TempDir Path files) throws Exception {
		String service = service();
		try (ConfigurableApplicationContext app = start(service, WebApplicationType.NONE)) {
			EventContracts contracts = EventContracts.of(app);
			Path committed = files.resolve("contracts/" + service + ".json");
			Path written = files.resolve("target/" + service + ".json");

			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> contracts.assertCommitted(committed, written))
				.withMessageContaining("No committed contracts at " + committed);
			Files.createDirectories(committed.getParent());
			Files.copy(written, committed);
			contracts.assertCommitted(committed, written);

			ObjectNode described = (ObjectNode) this.json.readTree(committed.toFile());
			((ObjectNode) described.get("info")).put("description", "as released");
			Files.writeString(committed, this.json.writeValueAsString(described));
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> contracts.assertCommitted(committed, written))
				.withMessageContaining("changed compatibly: review " + written);

			ObjectNode sent = (ObjectNode) described
				.at("/components/messages/" + service + "-orders.order_placed.v2.send/payload/schema");
			((ObjectNode) sent.get("properties")).putObject("channel").put("type", "string");
			sent.withArray("required").add("channel");
			Files.writeString(committed, this.json.writeValueAsString(described));
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> contracts.assertCommitted(committed, written))
				.withMessageContaining(service + "-orders/order_placed: version 2 before, version 2 now: $.channel: required");
		}
	}

	@Test
	void eventsGetTheirDeclaredVersionAndAnUndeclaredTypeIsReportedOnce(CapturedOutput output) {
		String service = service();
		try (ConfigurableApplicationContext app = start(service, WebApplicationType.NONE)) {
			EventPublisher publisher = app.getBean(EventPublisher.class);
			String topic = service + "-orders";
			publisher.publish(topic, "order_placed", "o-1", new OrderV2("o-1", new Customer("Ada")));
			publisher.publish(topic, "order_cancelled", "o-1", Map.of("orderId", "o-1"));
			publisher.publish(topic, "order_cancelled", "o-2", Map.of("orderId", "o-2"));

			List<ConsumerRecord<String, byte[]>> records = KafkaTestSupport.readAll(brokers(app), topic, (record) -> true);
			assertThat(records).hasSize(3);
			assertThat(records).filteredOn((record) -> "order_placed".equals(KafkaTestSupport.header(record, "type")))
				.singleElement()
				.satisfies((record) -> assertThat(KafkaTestSupport.header(record, "schema_version")).isEqualTo("2"));
			assertThat(records).filteredOn((record) -> "order_cancelled".equals(KafkaTestSupport.header(record, "type")))
				.hasSize(2)
				.allSatisfy((record) -> assertThat(KafkaTestSupport.header(record, "schema_version")).isNull());
			assertThat(output.getOut().split("'order_cancelled' on topic " + topic + " is published but not declared", -1))
				.hasSize(2);
		}
	}

	@Test
	void anUndeclaredTypeIsRefusedWhenAskedTo() {
		String service = service();
		try (ConfigurableApplicationContext app = start(service, WebApplicationType.NONE,
				"--eventwire.contracts.undeclared=fail")) {
			assertThatExceptionOfType(PublishException.class)
				.isThrownBy(() -> app.getBean(EventPublisher.class)
					.publish(service + "-orders", "order_cancelled", "o-1", Map.of("orderId", "o-1")))
				.withMessageContaining("not declared with @PublishesEvent");
		}
	}

	@Test
	void contradictingDeclarationsStopTheStartupWithAnAnalysis() {
		assertThatException().isThrownBy(() -> start(service(), WebApplicationType.NONE, "--test.contradicting=true").close())
			.extracting(NestedExceptionUtils::getMostSpecificCause)
			.isInstanceOfSatisfying(InvalidEventDeclarationException.class, (ex) -> {
				assertThat(ex).hasMessageContaining("declared twice, differently: version 2")
					.hasMessageContaining(OrderService.class.getName())
					.hasMessageContaining(OldOrderService.class.getName());
				FailureAnalysis analysis = new InvalidEventDeclarationFailureAnalyzer().analyze(ex);
				assertThat(analysis.getAction()).contains("Declare each (topic, type) the service publishes once");
			});
	}

	private static String service() {
		return "contracts-" + services.incrementAndGet();
	}

	private static String brokers(ConfigurableApplicationContext app) {
		return app.getEnvironment().getRequiredProperty("spring.embedded.kafka.brokers");
	}

	private static ConfigurableApplicationContext start(String service, WebApplicationType web, String... properties) {
		String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("--eventwire.service-name=" + service,
				"--test.topic=" + service + "-orders", "--eventwire.dlq.topic=" + service + "-dlq"),
				java.util.stream.Stream.of(properties))
			.toArray(String[]::new);
		return new SpringApplicationBuilder(App.class).web(web).run(args);
	}

	record Customer(@NotNull String name) {
	}

	record OrderV2(@NotNull String orderId, @NotNull Customer customer) {
	}

	record HandledOrder(String orderId, @NotNull Customer customer) {
	}

	@PublishesEvent(topic = "${test.topic}", type = "order_placed", payload = OrderV2.class, version = 2)
	static class OrderService {

	}

	@PublishesEvent(topic = "${test.topic}", type = "order_placed", payload = OrderV2.class, version = 1)
	static class OldOrderService {

	}

	@EventTranslator(topics = "${test.topic}")
	static class Orders {

		@OnEvent(value = "order_placed", version = 2)
		void placed(HandledOrder order) {
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	public static class App {

		@Bean
		OrderService orderService() {
			return new OrderService();
		}

		@Bean
		@ConditionalOnProperty("test.contradicting")
		OldOrderService oldOrderService() {
			return new OldOrderService();
		}

		@Bean
		Orders orders() {
			return new Orders();
		}

		@Bean
		EventUpcaster orderPlacedV1ToV2(@Value("${test.topic}") String topic) {
			return EventUpcaster.of(topic, "order_placed", 1, (payload) -> {
				ObjectNode order = (ObjectNode) payload;
				order.set("customer", order.objectNode().put("name", order.path("customer").asString()));
				return order;
			});
		}

	}

}
