package io.eventwire.autoconfigure.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.eventwire.outbox.OutboxDocuments;
import io.eventwire.outbox.OutboxRelay;
import io.eventwire.test.process.ApplicationProcess;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import tools.jackson.databind.json.JsonMapper;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two writer JVMs take turns writing the events of the same keys, each only after the other's write
 * returned, one of them with its clock 5 s behind; then the relay publishes the whole backlog, with
 * the events of both writers side by side in each key. Kafka's order per key is the order of the writes: the database stamps it, so neither
 * which process wrote nor its clock matters.
 */
class OutboxWriteOrderTests {

	static final String TOPIC = "outbox-write-order";

	static final int EVENTS = 10_000;

	static final int KEYS = 20;

	@Test
	void kafkaOrderPerKeyIsTheOrderOfWritesFromTwoProcessesWithClocksApart() throws Exception {
		try (EmbeddedMongo mongo = new EmbeddedMongo("write-order")) {
			writeFromTwoProcessesAndRelay(mongo.uri(), "write-order", TOPIC);
		}
	}

	/**
	 * The scenario, against any MongoDB ({@link RealServerWriteOrderTests} runs it on a real one).
	 * @return the outbox entries as stored
	 */
	static List<Document> writeFromTwoProcessesAndRelay(String mongoUri, String databaseName, String topic)
			throws Exception {
		String brokers = System.getProperty("spring.embedded.kafka.brokers");
		try (MongoClient client = MongoClients.create(mongoUri)) {
			MongoDatabase database = client.getDatabase(databaseName);
			database.getCollection(OutboxWriterProcessMain.TURN)
				.insertOne(new Document("_id", OutboxWriterProcessMain.TURN).append("n", 0));
			long started = System.nanoTime();
			try (ApplicationProcess first = writer(mongoUri, brokers, topic, 0, "0s");
					ApplicationProcess second = writer(mongoUri, brokers, topic, 1, "-5s")) {
				await().atMost(Duration.ofMinutes(4)).until(() -> !first.isAlive() && !second.isAlive());
			}
			Duration writing = Duration.ofNanos(System.nanoTime() - started);
			assertThat(database.getCollection(OutboxWriterProcessMain.TURN).find().first().getInteger("n"))
				.isEqualTo(EVENTS);
			MongoCollection<Document> outbox = database.getCollection("eventwire_outbox");
			assertThat(outbox.countDocuments()).isEqualTo(EVENTS);

			// The second writer's clock really is behind: ordered by "created", writes would be out of order.
			Map<Integer, Date> created = new HashMap<>();
			outbox.find()
				.forEach((entry) -> created.put(Document.parse(entry.getString(OutboxDocuments.PAYLOAD_JSON)).getInteger("n"),
						entry.getDate(OutboxDocuments.CREATED)));
			assertThat(IntStream.range(1, EVENTS).filter((n) -> created.get(n).before(created.get(n - 1))).count())
				.isGreaterThan(EVENTS / 4);

			// The whole backlog at once: the relay orders all of it, events of both writers side by side.
			try (ConfigurableApplicationContext relay = new SpringApplicationBuilder(RelayApp.class)
				.web(WebApplicationType.NONE)
				.run("--spring.mongodb.uri=" + mongoUri, "--eventwire.service-name=write-order", "--write-order.topic=" + topic,
						"--eventwire.outbox.relay.enabled=true")) {
				OutboxRelay outboxRelay = relay.getBean(OutboxRelay.class);
				await().atMost(Duration.ofSeconds(90)).until(() -> outboxRelay.pendingCount() == 0);
			}
			JsonMapper json = new JsonMapper();
			Map<String, List<Integer>> perKey = new HashMap<>();
			Set<String> seen = new HashSet<>();
			for (ConsumerRecord<String, byte[]> record : readAll(brokers, topic, (record) -> true)) {
				// At least once: a record sent again carries its event id again; order is of first sightings.
				if (seen.add(header(record, "event_id"))) {
					perKey.computeIfAbsent(record.key(), (key) -> new ArrayList<>())
						.add(json.readTree(record.value()).get("n").asInt());
				}
			}
			assertThat(perKey).hasSize(KEYS);
			perKey.forEach((key, ns) -> assertThat(ns).as(key)
				.isEqualTo(IntStream.range(0, EVENTS)
					.filter((n) -> OutboxWriterProcessMain.key(n, KEYS).equals(key))
					.boxed()
					.toList()));
			System.out.printf("Write order: %d events written alternately by two JVMs (one 5 s behind) in %d ms; "
					+ "Kafka order per key = write order for all %d keys%n", EVENTS, writing.toMillis(), KEYS);
			return outbox.find().into(new ArrayList<>());
		}
	}

	private static ApplicationProcess writer(String mongoUri, String brokers, String topic, int index,
			String clockOffset) {
		return ApplicationProcess.start(OutboxWriterProcessMain.class,
				Path.of("target", "outbox-writer-" + index + ".log"), "--spring.mongodb.uri=" + mongoUri,
				"--spring.kafka.bootstrap-servers=" + brokers, "--eventwire.service-name=write-order-writer",
				"--eventwire.outbox.relay.enabled=false", "--writer.index=" + index, "--writer.events=" + EVENTS,
				"--writer.keys=" + KEYS, "--writer.topic=" + topic, "--writer.clock-offset=" + clockOffset);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class RelayApp {

		@Bean
		NewTopic writeOrderTopic(@Value("${write-order.topic}") String topic) {
			return TopicBuilder.name(topic).partitions(3).replicas(1).build();
		}

	}

}
