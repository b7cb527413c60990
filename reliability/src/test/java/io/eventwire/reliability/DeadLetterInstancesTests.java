package io.eventwire.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.eventwire.test.process.ApplicationProcess;
import org.apache.kafka.clients.admin.Admin;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 16 of docs/reliability.md: dead letters operated through either of two instances of a
 * service, each a JVM of its own serving the {@code eventwireDlq} endpoint. Half the dead letters
 * are replayed through one instance, half through the other; every replayed event and the events
 * parked behind it are handled once and in their key's order, neither instance lists any of them
 * as pending afterwards, a {@code replayAll} on either publishes nothing again, and after both
 * restart nothing is pending.
 */
class DeadLetterInstancesTests {

	static final String TOPIC = "dlq-instances-steps";

	static final String SERVICE = "dlq-instances";

	static final String DLQ = "dlq-instances-dlq";

	static final int KEYS = 100;

	static final int PER_KEY = 10;

	static final int POISONED = 20;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void deadLettersReplayedThroughEitherInstanceAreDoneWithOnBoth() throws Exception {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6, TOPIC);
		broker.afterPropertiesSet();
		MongoServer mongo = new MongoServer(new MemoryBackend());
		InetSocketAddress address = mongo.bind();
		String uri = "mongodb://localhost:" + address.getPort() + "/" + SERVICE;
		String brokers = broker.getBrokersAsString();
		List<ApplicationProcess> processes = new ArrayList<>();
		try (MongoClient client = MongoClients.create(uri); Admin admin = Admin.create(Map.of("bootstrap.servers", brokers))) {
			admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(DLQ, 1, (short) 1))).all().get();
			MongoCollection<Document> handled = client.getDatabase(SERVICE).getCollection("handled");
			Topics.producePoisonedSteps(brokers, TOPIC, KEYS, PER_KEY, POISONED);
			int beforeFix = KEYS * PER_KEY - POISONED * (PER_KEY - 2);
			int[] ports = { freePort(), freePort() };
			processes.add(start(brokers, uri, 1, ports[0]));
			processes.add(start(brokers, uri, 2, ports[1]));

			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
				.until(() -> handled.countDocuments() >= beforeFix && Topics.lag(admin, SERVICE, TOPIC) == 0
						&& pending(ports[0]).size() == POISONED && pending(ports[1]).size() == POISONED);
			List<String> deadLetters = pending(ports[0]);
			assertThat(pending(ports[1])).containsExactlyInAnyOrderElementsOf(deadLetters);

			client.getDatabase(SERVICE).getCollection("switches").insertOne(new Document("_id", "fixed"));
			long replayed = System.nanoTime();
			for (int i = 0; i < deadLetters.size(); i++) {
				// Half through each instance.
				HttpResponse<String> replay = post(ports[i % 2], "{\"eventId\":\"" + deadLetters.get(i) + "\"}");
				assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
			}
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
				.until(() -> handled.countDocuments() >= KEYS * PER_KEY);
			double allHandled = (System.nanoTime() - replayed) / 1e9;
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
				.until(() -> listed(ports[0]) == 0 && listed(ports[1]) == 0);
			double noneListed = (System.nanoTime() - replayed) / 1e9;

			// Replayed through the other instance: refused there too, with when and by whom.
			HttpResponse<String> again = post(ports[1], "{\"eventId\":\"" + deadLetters.get(0) + "\"}");
			assertThat(again.statusCode()).isEqualTo(404);
			assertThat(again.body()).contains("replayed at").contains(" by ");
			assertThat(post(ports[0], "{\"replayAll\":true}").body()).isEqualTo("[]");
			assertThat(post(ports[1], "{\"replayAll\":true}").body()).isEqualTo("[]");
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
				.until(() -> handled.countDocuments() == KEYS * PER_KEY);

			Map<String, List<Integer>> seqs = new HashMap<>();
			for (Document doc : handled.find().sort(Sorts.ascending("n"))) {
				seqs.computeIfAbsent(doc.getString("key"), (key) -> new ArrayList<>()).add(doc.getInteger("seq"));
			}
			assertThat(seqs).hasSize(KEYS);
			seqs.forEach((key, order) -> assertThat(order).as(key).isSorted().doesNotHaveDuplicates().hasSize(PER_KEY));

			processes.forEach(ApplicationProcess::close);
			processes.clear();
			processes.add(start(brokers, uri, 3, ports[0]));
			processes.add(start(brokers, uri, 4, ports[1]));
			await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
				.ignoreExceptions()
				.until(() -> listed(ports[0]) == 0 && listed(ports[1]) == 0);
			System.out.printf("Dead letters across instances: %,d events, %d dead letters (%d parked behind them), "
					+ "replayed half through each of two instance JVMs; 0 lost, 0 handled twice, each key in order; "
					+ "all handled %.1f s after the replays, none listed on either instance after %.1f s; replayAll on "
					+ "each published nothing; nothing pending after both restarted%n", KEYS * PER_KEY, POISONED,
					POISONED * (PER_KEY - 3), allHandled, noneListed);
		}
		finally {
			processes.forEach(ApplicationProcess::close);
			mongo.shutdownNow();
			broker.destroy();
		}
	}

	// The event ids of the pending dead letters (not the events parked behind them) an instance lists.
	private List<String> pending(int port) throws IOException, InterruptedException {
		List<String> ids = new ArrayList<>();
		for (JsonNode letter : listing(port).get("deadLetters")) {
			if (letter.get("parkedBehind") == null || letter.get("parkedBehind").isNull()) {
				ids.add(letter.get("eventId").asString());
			}
		}
		return ids;
	}

	private long listed(int port) throws IOException, InterruptedException {
		return listing(port).get("total").asLong();
	}

	private JsonNode listing(int port) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(dlq(port, "?size=500")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		return JsonMapper.shared().readTree(response.body());
	}

	private HttpResponse<String> post(int port, String body) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(dlq(port, ""))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI dlq(int port, String query) {
		return URI.create("http://localhost:" + port + "/actuator/eventwireDlq" + query);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static ApplicationProcess start(String brokers, String uri, int instance, int port) {
		return ApplicationProcess.start(DeadLetterInstanceMain.class,
				Path.of("target", "dlq-instances-" + instance + ".log"), "--topic=" + TOPIC, "--instance=" + instance,
				"--server.port=" + port, "--spring.mongodb.uri=" + uri, "--spring.kafka.bootstrap-servers=" + brokers,
				"--eventwire.service-name=" + SERVICE, "--eventwire.dlq.topic=" + DLQ,
				"--eventwire.outbox.relay.enabled=false", "--spring.main.banner-mode=off",
				"--management.endpoints.web.exposure.include=eventwireDlq",
				"--management.endpoint.eventwireDlq.access=unrestricted", "--management.health.mongodb.enabled=false",
				"--spring.kafka.consumer.properties.session.timeout.ms=6000",
				"--spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
				"--spring.kafka.consumer.fetch-max-wait=50ms");
	}

}
