package io.eventwire.autoconfigure.dlq;

import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter endpoint's id is one Spring Boot 4 accepts without a warning, it is served under
 * it, and the old spelling still selects it for exposure.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterEndpointIdTests {

	@Test
	void theEndpointStartsWithoutAWarningAndAnswersUnderItsId(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.run("--server.port=0", "--eventwire.service-name=endpoint-id",
					"--management.endpoints.web.exposure.include=health,eventwire-dlq")) {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			String body = RestClient.create("http://localhost:" + port)
				.get()
				.uri("/actuator/eventwireDlq")
				.retrieve()
				.body(String.class);
			assertThat(body).startsWith("{").contains("\"deadLetters\":[");
		}
		assertThat(output).doesNotContain("contains invalid characters");
	}

	@EventTranslator(topics = "endpoint-id-orders")
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
