package io.eventwire.autoconfigure.console;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import io.eventwire.autoconfigure.HeadlessChrome;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console as it is by default: read-only (no write access granted), here with
 * {@code payloads=none} for a service that carries personal data. The page shows the dead letters
 * without any action and without a trace of their payloads, not even where the exception message
 * quoted them; a POST that tries an action anyway is refused and changes nothing.
 */
class ConsoleReadOnlyTests {

	static final String SERVICE = "console-private";

	static final String TOPIC = "console-private-payments";

	static final String IBAN = "DE44500105175407324931";

	@Test
	void withoutWriteAccessThePageHasNoActionsNoPayloadsAndAForgedPostIsRefused(@TempDir Path profile) {
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).run("--server.port=0",
				"--eventwire.service-name=" + SERVICE, "--eventwire.console.enabled=true",
				"--eventwire.console.payloads=none", "--management.endpoints.web.exposure.include=eventwireConsole",
				// A service without MongoDB: dead letters and consumers, no outbox.
				"--spring.autoconfigure.exclude=org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration,"
						+ "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration");
				HeadlessChrome chrome = HeadlessChrome.start(profile)) {
			app.getBean(EventPublisher.class)
				.publish(TOPIC, "payment", "p-1", Map.of("holder", "Grace Hopper", "iban", IBAN, "amount", 120));
			DeadLetters deadLetters = app.getBean(DeadLetters.class);
			DeadLetter letter = await().atMost(Duration.ofSeconds(30))
				.until(deadLetters::list, (list) -> list.size() == 1)
				.get(0);
			String base = "http://localhost:" + app.getEnvironment().getRequiredProperty("local.server.port");

			chrome.driver().get(base + "/actuator/eventwireConsole");
			await().atMost(Duration.ofSeconds(15))
				.ignoreExceptions()
				.until(() -> !chrome.driver().findElements(By.cssSelector("tr[data-event-id='" + letter.eventId() + "']")).isEmpty());
			assertThat(chrome.driver().findElement(By.id("mode")).getText()).isEqualTo("read-only · payloads none");
			assertThat(chrome.driver().findElement(By.id("dlq-list")).getText()).contains("p-1", "IBAN *** refused");
			await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
				if (!chrome.driver().findElement(By.id("letter")).isDisplayed()) {
					chrome.driver().findElement(By.cssSelector("tr[data-event-id='" + letter.eventId() + "']")).click();
				}
				return chrome.driver().findElement(By.id("letter-payload")).getText().startsWith("Hidden");
			});
			chrome.driver().findElement(By.cssSelector("#letter details")).click();
			chrome.screenshot(Path.of("target/screenshots/console-read-only.png"));

			// No action anywhere: not in the dialog, not on the list, not on the groups.
			assertThat(chrome.driver().findElements(By.cssSelector(".write, #letter-replay, #letter-discard, #replay-all")))
				.isEmpty();
			String page = chrome.driver().getPageSource();
			assertThat(page).doesNotContain(IBAN).doesNotContain("Grace Hopper").doesNotContain("\"amount\"");
			chrome.driver().findElement(By.cssSelector("#letter form.close button")).click();
			chrome.driver().findElement(By.cssSelector("#tabs button[data-tab='consumers']")).click();
			await().atMost(Duration.ofSeconds(15)).until(() -> chrome.driver().findElement(By.id("group-list")).getText().contains(SERVICE));
			assertThat(chrome.driver().findElements(By.cssSelector("button[data-action]"))).isEmpty();
			// The service has no MongoDB, so no outbox: no tab for it.
			assertThat(chrome.driver().findElement(By.cssSelector("#tabs button[data-tab='outbox']")).isDisplayed()).isFalse();

			// The JSON the page reads carries no payload either.
			RestClient client = RestClient.create(base);
			String detail = client.get()
				.uri("/actuator/eventwireConsole/deadLetter?eventId=" + letter.eventId())
				.retrieve()
				.body(String.class);
			assertThat(detail).doesNotContain(IBAN).doesNotContain("Grace Hopper").contains("\"payload\":null");

			// A POST as the page would send it is refused: without write access there is no such operation.
			for (Map<String, Object> forged : List.of(
					Map.<String, Object>of("eventId", letter.eventId(), "reason", "forged"),
					Map.<String, Object>of("expected", 1))) {
				String action = forged.containsKey("expected") ? "replayAll" : "discard";
				int status = client.post()
					.uri("/actuator/eventwireConsole/" + action)
					.contentType(MediaType.APPLICATION_JSON)
					.body(forged)
					.exchange((request, response) -> response.getStatusCode().value());
				assertThat(status).as(action).isEqualTo(405);
			}
			assertThat(deadLetters.list()).extracting(DeadLetter::eventId).containsExactly(letter.eventId());
		}
	}

	@EventTranslator(topics = TOPIC)
	static class Payments {

		@OnEvent("payment")
		void payment(Map<String, Object> payment) {
			throw new NonRetryableEventException("IBAN " + payment.get("iban") + " refused for " + payment.get("holder"));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Payments.class)
	static class App {

		@Bean
		NewTopic consolePrivateTopic() {
			return TopicBuilder.name(TOPIC).partitions(1).replicas(1).build();
		}

	}

}
