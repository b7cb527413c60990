package io.eventwire.autoconfigure.console;

import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import io.eventwire.autoconfigure.HeadlessChrome;
import io.eventwire.autoconfigure.KafkaTestSupport;
import io.eventwire.autoconfigure.outbox.EmbeddedMongo;
import io.eventwire.consume.EventConsumers;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxOperations;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's console in headless chromium, against a service on the embedded broker and
 * mongo-java-server, read-write with payloads shown in full: a dead letter appears, its payload
 * opens, a corrected payload is replayed and handled, a discard releases the key parked behind it,
 * a failed outbox event is retried and arrives, a group is paused and resumed; every view is
 * photographed to target/screenshots. Every action is in the audit log, with who did it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsoleBrowserTests {

	static final String SERVICE = "console-orders";

	static final String TOPIC = "console-orders-events";

	static final String NARROW = "console-orders-narrow";

	static EmbeddedMongo mongo;

	static ConfigurableApplicationContext app;

	static HeadlessChrome chrome;

	@BeforeAll
	static void start(@TempDir Path profile) {
		mongo = new EmbeddedMongo(SERVICE);
		app = new SpringApplicationBuilder(App.class).run("--server.port=0", "--eventwire.service-name=" + SERVICE,
				"--spring.mongodb.uri=" + mongo.uri(), "--eventwire.outbox.relay.enabled=true",
				"--eventwire.outbox.relay.max-attempts=1", "--eventwire.outbox.relay.poll-interval=500ms",
				"--eventwire.console.enabled=true", "--eventwire.console.payloads=full",
				"--management.endpoints.web.exposure.include=eventwireConsole",
				"--management.endpoint.eventwireConsole.access=unrestricted");
		chrome = HeadlessChrome.start(profile);
	}

	@AfterAll
	static void stop() {
		if (chrome != null) {
			chrome.close();
		}
		if (app != null) {
			app.close();
		}
		mongo.close();
	}

	@Test
	void anOperatorRepairsDeadLettersPausesAGroupAndRetriesTheOutbox(CapturedOutput output) throws Exception {
		EventPublisher publisher = app.getBean(EventPublisher.class);
		Handled handled = app.getBean(Handled.class);
		// k-1: a poison event and one parked behind it; k-2 the same.
		publisher.publish(TOPIC, "order", "k-1", Map.of("customer", "Ada Lovelace", "quantity", -1));
		publisher.publish(TOPIC, "order", "k-1", Map.of("customer", "Ada Lovelace", "quantity", 2));
		publisher.publish(TOPIC, "order", "k-2", Map.of("customer", "Alan Turing", "quantity", -5));
		publisher.publish(TOPIC, "order", "k-2", Map.of("customer", "Alan Turing", "quantity", 3));
		DeadLetters deadLetters = app.getBean(DeadLetters.class);
		List<DeadLetter> letters = await().atMost(Duration.ofSeconds(30))
			.until(deadLetters::list, (list) -> list.size() == 4);
		DeadLetter ada = letters.stream().filter((l) -> "k-1".equals(l.key()) && !l.isParked()).findFirst().orElseThrow();
		DeadLetter alan = letters.stream().filter((l) -> "k-2".equals(l.key()) && !l.isParked()).findFirst().orElseThrow();

		open();
		WebElement row = await().atMost(Duration.ofSeconds(15)).until(() -> rowOf(ada.eventId()), (found) -> found != null);
		assertThat(row.getText()).contains(TOPIC, "order", "k-1", "quantity must not be negative");
		assertThat(text("dlq-summary")).containsIgnoringCase("pending").contains("2", TOPIC, "NonRetryableEventException");
		shoot("console-dead-letters");
		// Replaying all asks first, naming how many; cancelled, nothing is replayed.
		click("replay-all");
		await().atMost(Duration.ofSeconds(5)).until(() -> chrome.driver().findElement(By.id("confirm")).isDisplayed());
		assertThat(text("confirm-text")).startsWith("Replay all 2 pending dead letters");
		click("confirm-no");
		assertThat(deadLetters.summary().count()).isEqualTo(2);

		// The parked keys, each behind its dead letter.
		tab("parkedKeys");
		await().atMost(Duration.ofSeconds(10)).until(() -> text("parked-list").contains(alan.eventId()));
		assertThat(text("parked-list")).contains("k-1", ada.eventId(), "k-2");
		shoot("console-parked-keys");

		// One dead letter: payload, headers, stack trace; a dry run; then a corrected payload.
		tab("deadLetters");
		clickRow(ada.eventId());
		await().atMost(Duration.ofSeconds(10)).until(() -> chrome.driver().findElement(By.id("letter")).isDisplayed()
				&& text("letter-payload").contains("\"quantity\" : -1"));
		assertThat(text("letter-payload")).contains("\"customer\" : \"Ada Lovelace\"");
		assertThat(text("letter-facts")).contains(ada.correlationId(), "quantity must not be negative");
		// The stack trace and the headers are there, folded.
		assertThat(chrome.driver().findElement(By.id("letter-stack")).getAttribute("textContent"))
			.contains("NonRetryableEventException", "at io.eventwire");
		assertThat(chrome.driver().findElement(By.id("letter-headers")).getAttribute("textContent"))
			.contains("original_topic", TOPIC, "exc_class");
		click("letter-dry-run");
		await().atMost(Duration.ofSeconds(10)).until(() -> text("letter-result").contains("Dry run"));
		assertThat(text("letter-result")).contains("retry-" + SERVICE);
		shoot("console-dead-letter");
		click("letter-correct");
		WebElement editor = chrome.driver().findElement(By.id("letter-corrected"));
		editor.clear();
		editor.sendKeys("{\"customer\": \"Ada Lovelace\", \"quantity\": ");
		click("letter-replay-corrected");
		assertThat(text("letter-json-error")).startsWith("Not JSON");
		assertThat(handled.quantities("Ada Lovelace")).isEmpty();
		editor.clear();
		editor.sendKeys("{\"customer\": \"Ada Lovelace\", \"quantity\": 1}");
		click("letter-replay-corrected");
		// The handler gets the correction, then the event parked behind it.
		await().atMost(Duration.ofSeconds(30)).until(() -> handled.quantities("Ada Lovelace").equals(List.of(1, 2)));
		await().atMost(Duration.ofSeconds(10)).until(() -> text("message").contains("Replayed " + ada.eventId()));

		// A discard, with its reason, releases the key parked behind it.
		clickRow(alan.eventId());
		await().atMost(Duration.ofSeconds(10)).until(() -> text("letter-payload").contains("Alan Turing"));
		chrome.driver().findElement(By.id("letter-reason")).sendKeys("order cancelled by phone");
		click("letter-discard");
		await().atMost(Duration.ofSeconds(30)).until(() -> handled.quantities("Alan Turing").equals(List.of(3)));
		await().atMost(Duration.ofSeconds(15)).until(() -> rowOf(alan.eventId()) == null);
		assertThat(deadLetters.list()).isEmpty();

		// What cannot be done says why: a dead letter discarded meanwhile (by another operator) is a 404.
		publisher.publish(TOPIC, "order", "k-4", Map.of("customer", "Linus Torvalds", "quantity", -4));
		DeadLetter linus = await().atMost(Duration.ofSeconds(30))
			.until(() -> deadLetters.list().stream().filter((l) -> "k-4".equals(l.key())).findFirst().orElse(null),
					(found) -> found != null);
		clickRow(linus.eventId());
		await().atMost(Duration.ofSeconds(10)).until(() -> text("letter-payload").contains("Linus Torvalds"));
		deadLetters.discard(linus.eventId());
		chrome.driver().findElement(By.id("letter-reason")).sendKeys("duplicate");
		click("letter-discard");
		await().atMost(Duration.ofSeconds(10)).until(() -> text("letter-result").contains("Not found:"));
		assertThat(text("letter-result")).contains("Not discarded", "is no longer pending: discarded at");
		chrome.driver().findElement(By.cssSelector("#letter form.close button")).click();

		// A group paused and resumed.
		tab("consumers");
		await().atMost(Duration.ofSeconds(15)).until(() -> text("group-list").contains("RUNNING"));
		assertThat(text("group-list")).contains(SERVICE, TOPIC, "Lag per partition");
		clickButton("div.group[data-group='" + SERVICE + "']", "pause");
		EventConsumers consumers = app.getBean(EventConsumers.class);
		await().atMost(Duration.ofSeconds(15)).until(() -> group(consumers).paused());
		await().atMost(Duration.ofSeconds(15)).until(() -> text("group-list").contains("PAUSED"));
		// Events published while it is paused wait, and show as its lag.
		for (int quantity = 1; quantity <= 3; quantity++) {
			publisher.publish(TOPIC, "order", "k-3", Map.of("customer", "Grace Hopper", "quantity", quantity));
		}
		chrome.driver().findElement(By.cssSelector("div.group[data-group='" + SERVICE + "'] summary")).click();
		await().atMost(Duration.ofSeconds(15)).until(() -> text("group-list").contains("lag 3"));
		assertThat(handled.quantities("Grace Hopper")).isEmpty();
		shoot("console-consumers");
		clickButton("div.group[data-group='" + SERVICE + "']", "resume");
		await().atMost(Duration.ofSeconds(15)).until(() -> handled.quantities("Grace Hopper").equals(List.of(1, 2, 3)));
		await().atMost(Duration.ofSeconds(15)).until(() -> text("group-list").contains("RUNNING"));

		// An outbox event too large for its topic fails; the operator widens the topic and retries it.
		String large = "x".repeat(3_000);
		app.getBean(EventOutbox.class).publish(NARROW, "note", "n-1", Map.of("text", large));
		OutboxOperations outbox = app.getBean(OutboxOperations.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> outbox.failed(10).size() == 1);
		String failedId = outbox.failed(10).get(0).id();
		tab("outbox");
		await().atMost(Duration.ofSeconds(15)).until(() -> text("outbox-failed").contains("n-1"));
		assertThat(text("outbox-failed")).contains(NARROW, "note", "n-1", "RecordTooLargeException");
		shoot("console-outbox");
		try (Admin admin = Admin.create(app.getBean(KafkaAdmin.class).getConfigurationProperties())) {
			KafkaTestSupport.setMaxMessageBytes(admin, NARROW, "1000000");
		}
		clickButton("#outbox-failed", "retry");
		click("confirm-yes");
		await().atMost(Duration.ofSeconds(30)).until(() -> !KafkaTestSupport
			.readAll(brokers(), NARROW, (record) -> true)
			.isEmpty());
		List<ConsumerRecord<String, byte[]>> arrived = KafkaTestSupport.readAll(brokers(), NARROW, (record) -> true);
		assertThat(arrived).singleElement().satisfies((record) -> assertThat(record.key()).isEqualTo("n-1"));
		assertThat(outbox.failed(10)).isEmpty();
		await().atMost(Duration.ofSeconds(15)).until(() -> text("outbox-failed").contains("No failed events"));

		// Who did what: the principal the request was authenticated as.
		assertThat(output.getAll()).contains("Console: olga did replay-dead-letter on " + ada.eventId()
				+ " (with a corrected payload)")
			.contains("Console: olga did discard-dead-letter on " + alan.eventId() + " (order cancelled by phone)")
			.contains("Console: olga did pause-consumer-group on " + SERVICE)
			.contains("Console: olga did resume-consumer-group on " + SERVICE)
			.contains("Console: olga did retry-outbox-event on " + failedId);
		assertThat(app.getBean(AuditEvents.class).events)
			.filteredOn((event) -> event.getPrincipal().equals("olga") && event.getType().equals(ConsoleActions.AUDIT_TYPE))
			.extracting((event) -> event.getData().get("action"))
			.containsExactly("replay-dead-letter", "discard-dead-letter", "pause-consumer-group",
					"resume-consumer-group", "retry-outbox-event");
	}

	@Test
	void aWriteFromAnotherSiteIsRefused() {
		RestClient client = RestClient.create(base());
		for (Map<String, String> forged : List.of(Map.of("Sec-Fetch-Site", "cross-site"),
				Map.of("Origin", "http://attacker.example"))) {
			int status = client.post()
				.uri("/actuator/eventwireConsole/pause")
				.headers((headers) -> forged.forEach(headers::add))
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("groupId", SERVICE))
				.exchange((request, response) -> response.getStatusCode().value());
			assertThat(status).as("forged with %s", forged).isEqualTo(403);
		}
		assertThat(group(app.getBean(EventConsumers.class)).pauseRequested()).isFalse();
	}

	@Test
	void replayingAllNeedsTheCountTheOperatorConfirmed() {
		long pending = app.getBean(DeadLetters.class).summary().count();
		Map<?, ?> refused = RestClient.create(base())
			.post()
			.uri("/actuator/eventwireConsole/replayAll")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("expected", pending + 7))
			.exchange((request, response) -> {
				assertThat(response.getStatusCode().value()).isEqualTo(409);
				return response.bodyTo(Map.class);
			});
		assertThat(refused.get("error").toString()).contains("the confirmation was for " + (pending + 7),
				pending + " are pending now");
	}

	private static EventConsumers.ConsumerGroup group(EventConsumers consumers) {
		return consumers.groups().stream().filter((group) -> group.groupId().equals(SERVICE)).findFirst().orElseThrow();
	}

	private static String brokers() {
		return app.getEnvironment().getRequiredProperty("spring.embedded.kafka.brokers");
	}

	static String base() {
		return "http://localhost:" + app.getEnvironment().getRequiredProperty("local.server.port");
	}

	private static void open() {
		chrome.driver().get(base() + "/actuator/eventwireConsole");
	}

	private static void tab(String name) {
		chrome.driver().findElement(By.cssSelector("#tabs button[data-tab='" + name + "']")).click();
	}

	private static void click(String id) {
		chrome.driver().findElement(By.id(id)).click();
	}

	private static String text(String id) {
		return chrome.driver().findElement(By.id(id)).getText();
	}

	private static WebElement rowOf(String eventId) {
		List<WebElement> rows = chrome.driver().findElements(By.cssSelector("#dlq-list tr[data-event-id='" + eventId + "']"));
		return rows.isEmpty() ? null : rows.get(0);
	}

	// The page redraws its lists as it refreshes: a click finds its element again until it lands.
	private static void clickRow(String eventId) {
		clickFound(By.cssSelector("#dlq-list tr[data-event-id='" + eventId + "']"));
	}

	private static void clickButton(String within, String action) {
		clickFound(By.cssSelector(within + " button[data-action='" + action + "']"));
	}

	private static void clickFound(By what) {
		await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
			chrome.driver().findElement(what).click();
			return true;
		});
	}

	private static void shoot(String name) {
		chrome.screenshot(Path.of("target/screenshots/" + name + ".png"));
	}

	/**
	 * Orders: a negative quantity is refused for good.
	 */
	@EventTranslator(topics = TOPIC)
	static class Orders {

		private final Handled handled;

		Orders(Handled handled) {
			this.handled = handled;
		}

		@OnEvent("order")
		void order(Map<String, Object> order) {
			int quantity = ((Number) order.get("quantity")).intValue();
			if (quantity < 0) {
				throw new NonRetryableEventException("Order of " + order.get("customer") + ": quantity must not be negative");
			}
			this.handled.add(String.valueOf(order.get("customer")), quantity);
		}

	}

	/**
	 * The quantities handled, per customer.
	 */
	static class Handled {

		private final Queue<Map.Entry<String, Integer>> handled = new ConcurrentLinkedQueue<>();

		void add(String customer, int quantity) {
			this.handled.add(Map.entry(customer, quantity));
		}

		List<Integer> quantities(String customer) {
			return this.handled.stream().filter((entry) -> entry.getKey().equals(customer)).map(Map.Entry::getValue).toList();
		}

	}

	/**
	 * The audit events, as an AuditEventRepository would record them (Spring Boot's audit
	 * configuration wants Spring Security, which this build has not).
	 */
	static class AuditEvents {

		final Queue<AuditEvent> events = new ConcurrentLinkedQueue<>();

		@EventListener
		void on(AuditApplicationEvent event) {
			this.events.add(event.getAuditEvent());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Orders.class, Handled.class, AuditEvents.class })
	static class App {

		// As an authenticating proxy or Spring Security would: the request carries who sent it.
		@Bean
		FilterRegistrationBean<Filter> signedIn() {
			Principal olga = () -> "olga";
			return new FilterRegistrationBean<>((request, response, chain) -> chain
				.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
					@Override
					public Principal getUserPrincipal() {
						return olga;
					}
				}, response));
		}

		@Bean
		NewTopic consoleOrdersTopic() {
			return TopicBuilder.name(TOPIC).partitions(2).replicas(1).build();
		}

		@Bean
		NewTopic consoleNarrowTopic() {
			return TopicBuilder.name(NARROW).partitions(1).replicas(1).config("max.message.bytes", "1000").build();
		}

	}

}
