package io.eventwire.autoconfigure.contract;

import java.nio.file.Path;
import java.time.Duration;

import io.eventwire.autoconfigure.HeadlessChrome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Springwolf's UI (springwolf-ui on the class path, no springwolf-core) over the service's
 * contracts, in headless chromium: the page shows the topic, the event types and their versions
 * that eventwire's document holds.
 */
class SpringwolfUiTests {

	@Test
	void springwolfsPageShowsTheServicesContracts(@TempDir Path profile) {
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(EventContractsTests.App.class).run(
				"--server.port=0", "--eventwire.service-name=order-service", "--test.topic=order-events",
				"--management.endpoints.web.exposure.include=asyncapi");
				HeadlessChrome chrome = HeadlessChrome.start(profile)) {
			String base = "http://localhost:" + app.getEnvironment().getRequiredProperty("local.server.port");
			String docs = RestClient.create(base).get().uri("/springwolf/docs").retrieve().body(String.class);
			String actuator = RestClient.create(base).get().uri("/actuator/asyncapi").retrieve().body(String.class);
			assertThat(docs).isEqualTo(actuator);

			chrome.driver().get(base + "/springwolf/asyncapi-ui.html");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> chrome.driver().findElement(By.tagName("body")).getText().contains("order-events"));
			String page = chrome.driver().findElement(By.tagName("body")).getText();
			chrome.driver().manage().window().setSize(new Dimension(1400, 2400));
			chrome.screenshot(Path.of("target/screenshots/springwolf-ui-contracts.png"));

			assertThat(page).contains("order-service", "order-events", "order_placed version 2", "KAFKA", "SEND",
					"RECEIVE", "retry-order-service");
		}
	}

}
