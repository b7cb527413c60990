package io.eventwire.reliability;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.eventwire.test.process.ApplicationProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 10 of docs/reliability.md: keys parked behind dead letters survive a consumer killed
 * with SIGKILL, and so does their release. 4,000 events on 200 keys; the third event of 50 keys is
 * poison, so those keys are parked behind it. The first consumer JVM parks them and is killed; a
 * second, with the handler fixed, gets the dead letters requeued the hexkit way (to
 * retry-<service> with original_topic) and is killed while it releases them; a third finishes.
 * Every event is handled, each key in order, and an event is handled twice only where a kill came
 * between its handler and its inbox record.
 */
class KeyOrderCrashTests {

	static final String TOPIC = "keyorder-crash-steps";

	static final String SERVICE = "keyorder-crash";

	static final String DLQ = "keyorder-crash-dlq";

	static final int KEYS = 200;

	static final int PER_KEY = 20;

	static final int POISONED = 50;

	@Test
	void parkedKeysAreReleasedInOrderThroughKilledConsumers() throws Exception {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6, TOPIC);
		broker.afterPropertiesSet();
		MongoServer mongo = new MongoServer(new MemoryBackend());
		InetSocketAddress address = mongo.bind();
		String uri = "mongodb://localhost:" + address.getPort() + "/" + SERVICE;
		String brokers = broker.getBrokersAsString();
		List<ApplicationProcess> processes = new ArrayList<>();
		try (MongoClient client = MongoClients.create(uri); Admin admin = Admin.create(Map.of("bootstrap.servers", brokers))) {
			admin.createTopics(List.of(new NewTopic(DLQ, 1, (short) 1))).all().get();
			MongoCollection<Document> handled = client.getDatabase(SERVICE).getCollection("handled");
			Topics.producePoisonedSteps(brokers, TOPIC, KEYS, PER_KEY, POISONED);
			int beforeFix = KEYS * PER_KEY - POISONED * (PER_KEY - 2);

			processes.add(start(brokers, uri, 1, false));
			await().atMost(Duration.ofMinutes(2)).until(() -> handled.countDocuments() >= beforeFix
					&& Topics.lag(admin, SERVICE, TOPIC) == 0 && deadLetters(brokers).size() == POISONED);
			processes.get(0).kill();
			assertThat(handled.countDocuments()).isEqualTo(beforeFix);

			processes.add(start(brokers, uri, 2, true));
			long requeued = System.nanoTime();
			requeue(brokers, deadLetters(brokers));
			await().atMost(Duration.ofMinutes(2)).until(() -> handled.countDocuments() >= beforeFix + 200);
			processes.get(1).kill();
			long handledAtKill = handled.countDocuments();

			processes.add(start(brokers, uri, 3, true));
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
				.until(() -> distinctSteps(handled) == KEYS * PER_KEY);
			double recovery = (System.nanoTime() - requeued) / 1e9;

			Map<String, List<Integer>> seqs = new HashMap<>();
			Map<String, Integer> perEventId = new HashMap<>();
			for (Document doc : handled.find().sort(Sorts.ascending("instance", "n"))) {
				seqs.computeIfAbsent(doc.getString("key"), (key) -> new ArrayList<>()).add(doc.getInteger("seq"));
				perEventId.merge(doc.getString("event_id"), 1, Integer::sum);
			}
			long twice = perEventId.values().stream().filter((n) -> n > 1).count();
			for (Map.Entry<String, List<Integer>> key : seqs.entrySet()) {
				// An event handled twice (killed between handler and inbox record) repeats in place.
				List<Integer> collapsed = new ArrayList<>();
				key.getValue().forEach((seq) -> {
					if (collapsed.isEmpty() || !collapsed.get(collapsed.size() - 1).equals(seq)) {
						collapsed.add(seq);
					}
				});
				assertThat(collapsed).as(key.getKey()).isSorted().hasSize(PER_KEY);
			}
			assertThat(twice).isLessThanOrEqualTo(2);
			System.out.printf("Key order crash: %,d events, %d keys parked behind dead letters, consumer killed after "
					+ "parking and again while releasing (%,d handled at the second kill); 0 lost, each key in order, "
					+ "%d handled twice (inbox on); all handled %.1f s after the requeue%n", KEYS * PER_KEY, POISONED,
					handledAtKill, twice, recovery);
		}
		finally {
			processes.forEach(ApplicationProcess::close);
			mongo.shutdownNow();
			broker.destroy();
		}
	}

	private static List<ConsumerRecord<String, byte[]>> deadLetters(String brokers) {
		return Topics.readAll(brokers, DLQ);
	}

	// As hexkit's tooling requeues: to retry-<service>, with a new event id and original_topic, without
	// the failure headers (and without naming the event it replays).
	private static void requeue(String brokers, List<ConsumerRecord<String, byte[]>> deadLetters) {
		Set<String> dropped = new HashSet<>(List.of("event_id", "service", "exc_class", "exc_msg", "exc_stacktrace",
				"original_event_id", "original_partition", "original_offset", "failed_at", "attempts"));
		try (KafkaProducer<String, byte[]> producer = Topics.producer(brokers)) {
			for (ConsumerRecord<String, byte[]> deadLetter : deadLetters) {
				ProducerRecord<String, byte[]> record = new ProducerRecord<>("retry-" + SERVICE, deadLetter.key(),
						deadLetter.value());
				for (Header header : deadLetter.headers()) {
					if (!dropped.contains(header.key())) {
						record.headers().add(header);
					}
				}
				record.headers().add("event_id", utf8(UUID.randomUUID().toString()));
				producer.send(record);
			}
			producer.flush();
		}
	}

	private static long distinctSteps(MongoCollection<Document> handled) {
		Set<String> steps = new HashSet<>();
		handled.find().forEach((doc) -> steps.add(doc.getString("key") + ":" + doc.getInteger("seq")));
		return steps.size();
	}

	private static ApplicationProcess start(String brokers, String uri, int instance, boolean fixed) {
		return ApplicationProcess.start(KeyOrderProcessMain.class, Path.of("target", "keyorder-crash-" + instance + ".log"),
				"--topic=" + TOPIC, "--fixed=" + fixed, "--instance=" + instance, "--spring.mongodb.uri=" + uri,
				"--spring.kafka.bootstrap-servers=" + brokers, "--eventwire.service-name=" + SERVICE,
				"--eventwire.dlq.topic=" + DLQ, "--eventwire.outbox.relay.enabled=false",
				"--eventwire.consumer.deduplication.enabled=true", "--spring.main.banner-mode=off",
				"--spring.kafka.consumer.properties.session.timeout.ms=6000",
				"--spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
				"--spring.kafka.consumer.fetch-max-wait=50ms");
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
