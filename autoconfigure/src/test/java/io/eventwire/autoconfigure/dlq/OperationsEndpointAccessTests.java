package io.eventwire.autoconfigure.dlq;

import java.util.Map;
import java.util.UUID;

import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.consume.EventConsumers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations endpoints ({@code eventwireDlq}, {@code eventwireConsumers}) are read-only unless
 * write access is granted: exposed, they list, but a replay, a discard or a pause is refused over
 * HTTP until {@code management.endpoint.<id>.access=unrestricted}.
 */
class OperationsEndpointAccessTests {

	private static final String EXPOSED = "--management.endpoints.web.exposure.include=eventwireDlq,eventwireConsumers";

	@Test
	void writesAreRefusedWithoutTheAccessProperty() {
		try (ConfigurableApplicationContext context = run("endpoint-access-ro")) {
			RestClient actuator = actuator(context);

			assertThat(status(actuator.get().uri("/eventwireDlq"))).isEqualTo(200);
			assertThat(status(actuator.get().uri("/eventwireConsumers"))).isEqualTo(200);
			assertThat(status(actuator.post()
				.uri("/eventwireDlq")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("replayAll", true)))).isEqualTo(405);
			assertThat(status(actuator.delete().uri("/eventwireDlq/" + UUID.randomUUID()))).isIn(404, 405);
			assertThat(status(actuator.post()
				.uri("/eventwireConsumers/endpoint-access-ro")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("action", "pause")))).isIn(404, 405);
			assertThat(context.getBean(EventConsumers.class).groups().get(0).pauseRequested()).isFalse();
		}
	}

	@Test
	void writesAreAllowedWithTheAccessProperty() {
		try (ConfigurableApplicationContext context = run("endpoint-access-rw",
				"--management.endpoint.eventwireDlq.access=unrestricted",
				"--management.endpoint.eventwireConsumers.access=unrestricted")) {
			RestClient actuator = actuator(context);

			// Reached: the operation itself answers that there is no such dead letter.
			assertThat(status(actuator.post()
				.uri("/eventwireDlq")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("eventId", UUID.randomUUID().toString())))).isEqualTo(404);
			assertThat(status(actuator.post()
				.uri("/eventwireDlq")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("replayAll", true)))).isEqualTo(200);
			assertThat(status(actuator.delete().uri("/eventwireDlq/" + UUID.randomUUID()))).isEqualTo(404);
			assertThat(status(actuator.post()
				.uri("/eventwireConsumers/endpoint-access-rw")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("action", "pause")))).isEqualTo(200);
			assertThat(context.getBean(EventConsumers.class).groups().get(0).pauseRequested()).isTrue();
		}
	}

	private static ConfigurableApplicationContext run(String service, String... more) {
		String[] args = new String[3 + more.length];
		args[0] = "--server.port=0";
		args[1] = "--eventwire.service-name=" + service;
		args[2] = EXPOSED;
		System.arraycopy(more, 0, args, 3, more.length);
		return new SpringApplicationBuilder(App.class).run(args);
	}

	private static RestClient actuator(ConfigurableApplicationContext context) {
		return RestClient
			.create("http://localhost:" + context.getEnvironment().getRequiredProperty("local.server.port") + "/actuator");
	}

	private static int status(RestClient.RequestHeadersSpec<?> request) {
		return request.exchange((req, response) -> response.getStatusCode().value());
	}

	@EventTranslator(topics = "endpoint-access-orders")
	static class Translator {

		@OnEvent("order_placed")
		void placed(String event) {
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Translator.class)
	static class App {

	}

}
