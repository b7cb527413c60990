package io.eventwire.autoconfigure.outbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxRelay;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.event.ContainerStoppedEvent;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutdown in the order that loses nothing: the web server drains its requests first, then
 * eventwire's consumers stop, then the relay sends what was written (here only its last drain
 * does: it polls once an hour, from startup, and is not woken by writes), then the producer closes.
 */
class ShutdownOrderTests {

	static final String TOPIC = "shutdown-order-orders";

	/** What happened, in order: one test at a time uses it. */
	static final Queue<String> log = new ConcurrentLinkedQueue<>();

	static final CountDownLatch entered = new CountDownLatch(1);

	static final CountDownLatch release = new CountDownLatch(1);

	@Test
	void webRequestsDrainThenConsumersStopThenTheRelaySendsThenTheProducerCloses() throws Exception {
		try (EmbeddedMongo mongo = new EmbeddedMongo("shutdown-order")) {
			ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).run("--server.port=0",
					"--server.shutdown=graceful", "--eventwire.service-name=shutdown-order",
					"--spring.mongodb.uri=" + mongo.uri(), "--eventwire.outbox.relay.enabled=true",
					"--eventwire.outbox.relay.poll-interval=1h", "--eventwire.outbox.relay.wake-on-write=false",
					"--spring.kafka.producer.properties.interceptor.classes=" + RecordingInterceptor.class.getName());
			// The controller injects the outbox, so the relay starts at startup and its first round finds
			// nothing (it holds its shards then); later writes wait for the next poll, in an hour.
			OutboxRelay relay = app.getBean(OutboxRelay.class);
			MongoTemplate template = app.getBean(MongoTemplate.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> relay.outboxUsed()
					&& template.getCollection("eventwire_outbox_leases").countDocuments() > 0);

			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient()
				.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orders/o-1"))
					.POST(HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
			Thread closing = new Thread(app::close, "closing");
			closing.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> log.contains("closing"));
			// The request is still in progress: nothing stopped yet.
			assertThat(log).doesNotContain("consumers stopped", "producer closed");
			release.countDown();
			closing.join(Duration.ofSeconds(60).toMillis());
			assertThat(closing.isAlive()).isFalse();

			assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			List<String> order = log.stream()
				.filter(List.of("closing", "request done", "consumers stopped", "sent:o-1", "producer closed")::contains)
				.distinct()
				.toList();
			assertThat(order).containsExactly("closing", "request done", "consumers stopped", "sent:o-1",
					"producer closed");
		}
	}

	@RestController
	static class Orders {

		private final EventOutbox outbox;

		Orders(EventOutbox outbox) {
			this.outbox = outbox;
		}

		@PostMapping("/orders/{id}")
		String place(@PathVariable String id) throws InterruptedException {
			entered.countDown();
			release.await(30, TimeUnit.SECONDS);
			this.outbox.publish(TOPIC, "order_placed", id, Map.of("orderId", id));
			log.add("request done");
			return "placed";
		}

	}

	@EventTranslator(topics = TOPIC)
	static class Handler {

		@OnEvent("order_placed")
		void placed(Map<String, Object> event) {
		}

	}

	static class Lifecycle {

		@EventListener
		void closing(ContextClosedEvent event) {
			log.add("closing");
		}

		@EventListener
		void stopped(ContainerStoppedEvent event) {
			log.add("consumers stopped");
		}

	}

	/** Records what eventwire's producer sends and when it closes. */
	public static class RecordingInterceptor implements ProducerInterceptor<Object, Object> {

		@Override
		public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
			if (TOPIC.equals(record.topic())) {
				log.add("sent:" + record.key());
			}
			return record;
		}

		@Override
		public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
		}

		@Override
		public void close() {
			log.add("producer closed");
		}

		@Override
		public void configure(Map<String, ?> configs) {
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Orders.class, Handler.class, Lifecycle.class })
	static class App {

	}

}
