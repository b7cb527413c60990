package io.eventwire.reliability;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.apache.kafka.clients.admin.Admin;
import io.eventwire.test.process.ApplicationProcess;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 4 of docs/reliability.md: a consumer in a JVM of its own, with the inbox on, is killed
 * with SIGKILL while it handles 20,000 events; a new consumer process starts. Every event is
 * handled; an event handled before the kill is handled again only when the kill came between the
 * handler and the inbox's record of it (at most one per consumer thread). The crashed member's
 * session times out after 6 s, then the new process gets its partitions.
 */
class ConsumerCrashTests {

	static final String TOPIC = "consumer-crash-orders";

	static final String SERVICE = "consumer-crash";

	static final int EVENTS = 20_000;

	static final int CONCURRENCY = 1;

	@Test
	void unprocessedEventsAreHandledAfterTheKillAndProcessedOnesAtMostOnceMore() throws Exception {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6, TOPIC);
		broker.afterPropertiesSet();
		MongoServer mongo = new MongoServer(new MemoryBackend());
		InetSocketAddress address = mongo.bind();
		String uri = "mongodb://localhost:" + address.getPort() + "/" + SERVICE;
		ApplicationProcess first = null;
		ApplicationProcess second = null;
		try (MongoClient client = MongoClients.create(uri);
				Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
			MongoCollection<Document> handled = client.getDatabase(SERVICE).getCollection("handled");
			Topics.produceSteps(broker.getBrokersAsString(), TOPIC, EVENTS, 200);
			first = start(broker, uri, Path.of("target", "consumer-crash-1.log"));
			await().atMost(Duration.ofMinutes(2)).until(() -> handled.countDocuments() >= EVENTS / 3);
			first.kill();
			long handledAtKill = handled.countDocuments();
			assertThat(handledAtKill).isLessThan(EVENTS);

			long restarted = System.nanoTime();
			second = start(broker, uri, Path.of("target", "consumer-crash-2.log"));
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
				.until(() -> HandledEvents.distinct(handled) == EVENTS);
			await().atMost(Duration.ofMinutes(1)).until(() -> Topics.lag(admin, SERVICE, TOPIC) == 0);
			double recovery = (System.nanoTime() - restarted) / 1e9;

			long invocations = handled.countDocuments();
			long repeated = HandledEvents.repeated(handled);
			assertThat(HandledEvents.distinct(handled)).isEqualTo(EVENTS);
			assertThat(repeated).isLessThanOrEqualTo(CONCURRENCY);
			System.out.printf("Consumer crash: %,d events, killed after %,d handled, 0 lost, %,d handled twice "
					+ "(inbox on), all handled %.1f s after the second process started%n", EVENTS, handledAtKill,
					invocations - EVENTS, recovery);
		}
		finally {
			if (first != null) {
				first.close();
			}
			if (second != null) {
				second.close();
			}
			mongo.shutdownNow();
			broker.destroy();
		}
	}

	private static ApplicationProcess start(EmbeddedKafkaKraftBroker broker, String uri, Path log) {
		return ApplicationProcess.start(ConsumerProcessMain.class, log, "--topic=" + TOPIC,
				"--spring.mongodb.uri=" + uri, "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
				"--eventwire.service-name=" + SERVICE, "--eventwire.outbox.relay.enabled=false",
				"--eventwire.consumer.concurrency=" + CONCURRENCY, "--eventwire.consumer.deduplication.enabled=true",
				"--spring.main.banner-mode=off", "--spring.kafka.consumer.properties.session.timeout.ms=6000",
				"--spring.kafka.consumer.properties.heartbeat.interval.ms=1000");
	}

}
