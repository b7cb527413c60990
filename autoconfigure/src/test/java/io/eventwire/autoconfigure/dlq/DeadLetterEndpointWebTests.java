package io.eventwire.autoconfigure.dlq;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code eventwireDlq} endpoint over HTTP says why it did nothing: 404 for a dead letter the
 * service does not have, 409 for one that must wait for an earlier one, 400 for a request that
 * names none (and an empty request replays nothing).
 */
@SpringBootTest(classes = DeadLetterEndpointWebTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "eventwire.service-name=" + DeadLetterEndpointWebTests.SERVICE, "eventwire.dlq.key-order=false",
				"management.endpoints.web.exposure.include=eventwireDlq",
				"management.endpoint.eventwireDlq.access=unrestricted" })
class DeadLetterEndpointWebTests {

	static final String SERVICE = "dlq-web";

	static final String TOPIC = "dlq-web-orders";

	@Autowired
	EventPublisher publisher;

	@Autowired
	DeadLetters deadLetters;

	@Value("${local.server.port}")
	int port;

	@Test
	void whatCannotBeDoneAnswersWithItsStatusAndReason() {
		// Two poison events of one key, and one of another key behind them in the same partition.
		this.publisher.publish(TOPIC, "refused", "k-1", Map.of("n", 1));
		this.publisher.publish(TOPIC, "refused", "k-1", Map.of("n", 2));
		this.publisher.publish(TOPIC, "refused", "k-2", Map.of("n", 3));
		List<DeadLetter> pending = await().atMost(Duration.ofSeconds(30))
			.until(this::mine, (letters) -> letters.size() == 3);

		ResponseEntity<Map> missing = post(Map.of("eventId", UUID.randomUUID().toString()));
		assertThat(missing.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(404));
		assertThat(missing.getBody()).containsEntry("status", 404)
			.hasEntrySatisfying("message", (message) -> assertThat(message.toString())
				.contains("Service " + SERVICE + " has no pending dead letter with event id"));

		ResponseEntity<Map> outOfOrder = post(Map.of("eventId", pending.get(1).eventId()));
		assertThat(outOfOrder.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(409));
		assertThat(outOfOrder.getBody()).hasEntrySatisfying("message",
				(message) -> assertThat(message.toString()).contains("comes after " + pending.get(0).eventId() + " of the same key"));

		ResponseEntity<Map> discardOutOfOrder = client().delete()
			.uri("/actuator/eventwireDlq/" + pending.get(1).eventId())
			.retrieve()
			.onStatus((status) -> true, (request, response) -> {
			})
			.toEntity(Map.class);
		assertThat(discardOutOfOrder.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(409));

		ResponseEntity<Map> empty = post(Map.of());
		assertThat(empty.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(400));
		assertThat(empty.getBody()).hasEntrySatisfying("message",
				(message) -> assertThat(message.toString()).contains("Nothing replayed"));
		assertThat(mine()).hasSize(3);

		ResponseEntity<Map> otherKey = post(Map.of("eventId", pending.get(2).eventId()));
		assertThat(otherKey.getStatusCode().is2xxSuccessful()).isTrue();
		assertThat(otherKey.getBody()).containsEntry("published", true).containsEntry("topic", "retry-" + SERVICE);

		ResponseEntity<Map> again = post(Map.of("eventId", pending.get(2).eventId()));
		assertThat(again.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(404));
		assertThat(again.getBody()).hasEntrySatisfying("message",
				(message) -> assertThat(message.toString()).contains("is no longer pending: replayed at"));

		ResponseEntity<Map> all = post(Map.of("replayAll", true));
		assertThat(all.getStatusCode().is2xxSuccessful()).isTrue();
		assertThat(all.getBody().get("raw").toString()).contains(pending.get(0).eventId(), pending.get(1).eventId());
	}

	private List<DeadLetter> mine() {
		return this.deadLetters.list().stream().filter((letter) -> TOPIC.equals(letter.originalTopic())).toList();
	}

	private ResponseEntity<Map> post(Map<String, Object> body) {
		ResponseEntity<String> response = client().post()
			.uri("/actuator/eventwireDlq")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.onStatus((status) -> true, (request, res) -> {
			})
			.toEntity(String.class);
		String text = String.valueOf(response.getBody());
		Map<?, ?> parsed = text.startsWith("{") ? JsonMapper.shared().readValue(text, Map.class) : Map.of("raw", text);
		return new ResponseEntity<>(parsed, response.getStatusCode());
	}

	private RestClient client() {
		return RestClient.create("http://localhost:" + this.port);
	}

	@EventTranslator(topics = TOPIC)
	static class Refusing {

		@OnEvent("refused")
		void refused(Map<String, Object> event) {
			throw new NonRetryableEventException("refused " + event);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Refusing.class)
	static class App {

		@Bean
		NewTopic dlqWebTopic() {
			return TopicBuilder.name(TOPIC).partitions(1).replicas(1).build();
		}

	}

}
