package io.eventwire.reliability;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.eventwire.test.process.ApplicationProcess;
import org.apache.kafka.clients.admin.Admin;
import org.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 18 of docs/reliability.md: a consumer handling keys side by side
 * ({@code eventwire.consumer.parallelism=64}) in a JVM of its own is killed with SIGKILL while it
 * handles 50,000 events of 5,000 keys; a new process takes over. Nothing is lost; each key's events
 * are first handled in the order written; events handled again are counted, without the inbox (at
 * most what the killed process held beyond its committed offsets) and with it (at most what was in
 * flight between a handler and its inbox record).
 */
class ParallelConsumerCrashTests {

	static final int EVENTS = 50_000;

	static final int KEYS = 5_000;

	static final int PARALLELISM = 64;

	@ParameterizedTest(name = "inbox {0}")
	@ValueSource(booleans = { false, true })
	void nothingIsLostAndEachKeyIsFirstHandledInOrder(boolean inbox) throws Exception {
		String service = "parallel-crash-" + inbox;
		MongoServer mongo = new MongoServer(new MemoryBackend());
		InetSocketAddress address = mongo.bind();
		try {
			// Only an event between its handler and its inbox record at the kill: one per slot at most.
			killMidStream(service, "mongodb://localhost:" + address.getPort() + "/" + service,
					inbox ? PARALLELISM : Long.MAX_VALUE, "--eventwire.consumer.deduplication.enabled=" + inbox);
		}
		finally {
			mongo.shutdownNow();
		}
	}

	/**
	 * Produce the events, start a consumer process, kill it after a third, start another, and check.
	 * @param maxRepeated how many events may be handled twice
	 * @param settings the consumer's further settings
	 */
	static void killMidStream(String service, String uri, long maxRepeated, String... settings) throws Exception {
		String topic = service + "-steps";
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, topic);
		broker.afterPropertiesSet();
		ApplicationProcess first = null;
		ApplicationProcess second = null;
		try (MongoClient client = MongoClients.create(uri);
				Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
			MongoCollection<Document> handled = client.getDatabase(service).getCollection("handled");
			Topics.produceSteps(broker.getBrokersAsString(), topic, EVENTS, KEYS);
			first = start(broker, uri, service, topic, Path.of("target", service + "-1.log"), settings);
			await().atMost(Duration.ofMinutes(2)).until(() -> handled.countDocuments() >= EVENTS / 3);
			first.kill();
			long handledAtKill = handled.countDocuments();
			assertThat(handledAtKill).isLessThan(EVENTS);

			long restarted = System.nanoTime();
			second = start(broker, uri, service, topic, Path.of("target", service + "-2.log"), settings);
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
				.until(() -> HandledEvents.distinct(handled) == EVENTS);
			await().atMost(Duration.ofMinutes(1)).until(() -> Topics.lag(admin, service, topic) == 0);
			double recovery = (System.nanoTime() - restarted) / 1e9;

			long repeated = HandledEvents.repeated(handled);
			assertThat(HandledEvents.distinct(handled)).isEqualTo(EVENTS);
			assertThat(firstHandledOutOfOrder(handled)).isZero();
			assertThat(repeated).isLessThanOrEqualTo(maxRepeated);
			System.out.printf("Parallel consumer crash (parallelism %d, %s): %,d events of %,d keys, killed after "
					+ "%,d handled, 0 lost, first handlings in order per key, %,d handled twice, all handled %.1f s after the "
					+ "second process started%n", PARALLELISM, String.join(" ", settings), EVENTS, KEYS, handledAtKill,
					repeated, recovery);
		}
		finally {
			if (first != null) {
				first.close();
			}
			if (second != null) {
				second.close();
			}
			broker.destroy();
		}
	}

	// The server keeps documents in insertion order: each key's first handlings must come in seq order.
	private static long firstHandledOutOfOrder(MongoCollection<Document> handled) {
		Map<String, Boolean> seen = new HashMap<>();
		Map<String, Integer> lastSeq = new HashMap<>();
		long outOfOrder = 0;
		for (Document document : handled.find()) {
			if (seen.putIfAbsent(document.getString("event_id"), Boolean.TRUE) != null) {
				continue;
			}
			int seq = ((Number) document.get("seq")).intValue();
			Integer previous = lastSeq.put(document.getString("key"), seq);
			if (previous != null && previous > seq) {
				outOfOrder++;
			}
		}
		return outOfOrder;
	}

	private static ApplicationProcess start(EmbeddedKafkaKraftBroker broker, String uri, String service, String topic,
			Path log, String... settings) {
		List<String> args = new ArrayList<>(List.of("--topic=" + topic, "--work-ms=2", "--spring.mongodb.uri=" + uri,
				"--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--eventwire.service-name=" + service,
				"--eventwire.outbox.relay.enabled=false", "--eventwire.consumer.parallelism=" + PARALLELISM,
				"--spring.main.banner-mode=off", "--spring.kafka.consumer.properties.session.timeout.ms=6000",
				"--spring.kafka.consumer.properties.heartbeat.interval.ms=1000"));
		args.addAll(List.of(settings));
		return ApplicationProcess.start(ConsumerProcessMain.class, log, args.toArray(String[]::new));
	}

}
