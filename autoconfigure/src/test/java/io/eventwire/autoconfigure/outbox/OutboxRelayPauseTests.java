package io.eventwire.autoconfigure.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.MongoEventOutbox;
import io.eventwire.test.process.ApplicationProcess;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.TopicBuilder;
import tools.jackson.databind.json.JsonMapper;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two relay JVMs share the shards while events are written; one is stopped with SIGSTOP for longer
 * than its lease, the other takes its shards over, and the stopped one is let go on with SIGCONT.
 * From then on it sends nothing for a shard before it holds that shard again; every event arrives,
 * in the order of its key. One exception, which no check in the sending process can close: the
 * record whose lease check passed just before SIGSTOP reaches the producer right after SIGCONT (the
 * check and the hand-over are not atomic against a stopped process). At most that one, within
 * moments of SIGCONT, is allowed; a relay that went on sending from its old shards sends many.
 */
class OutboxRelayPauseTests {

	static final String TOPIC = "outbox-pause-orders";

	static final int KEYS = 40;

	static final int SHARDS = 16;

	static final Duration LEASE = Duration.ofSeconds(3);

	// How soon after SIGCONT the record decided before SIGSTOP reaches the producer (13 ms seen).
	static final Duration IN_FLIGHT_AT_PAUSE = Duration.ofMillis(200);

	@Test
	void aPausedRelaySendsNothingForItsFormerShardsUntilItHoldsThemAgain() throws Exception {
		String brokers = System.getProperty("spring.embedded.kafka.brokers");
		try (EmbeddedMongo mongo = new EmbeddedMongo("outbox-pause");
				ConfigurableApplicationContext writer = new SpringApplicationBuilder(WriterApp.class)
					.web(WebApplicationType.NONE)
					.run("--spring.mongodb.uri=" + mongo.uri(), "--eventwire.service-name=outbox-pause",
							"--eventwire.outbox.relay.enabled=false");
				ApplicationProcess a = relay(mongo, brokers, "A");
				ApplicationProcess b = relay(mongo, brokers, "B")) {
			MongoCollection<Document> leases = writer.getBean(MongoTemplate.class).getCollection("eventwire_outbox_leases");
			MongoCollection<Document> outbox = writer.getBean(MongoTemplate.class).getCollection("eventwire_outbox");
			EventOutbox events = writer.getBean(EventOutbox.class);
			AtomicInteger written = new AtomicInteger();
			Runnable write = () -> {
				int n = written.getAndIncrement();
				events.publish(TOPIC, "step", "key-" + (n % KEYS), Map.of("n", n));
			};
			// The first write makes the outbox used; both relays notice at their next idle check (1 s) and
			// create the indexes, which mongo-java-server cannot do while documents are inserted.
			write.run();
			await().atMost(Duration.ofSeconds(60)).until(() -> held(leases, "A") > 0 && held(leases, "B") > 0);
			// Writes go on throughout, one every 2 ms at most.
			ScheduledExecutorService writes = Executors.newSingleThreadScheduledExecutor();
			writes.scheduleWithFixedDelay(write, 0, 2, TimeUnit.MILLISECONDS);
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> published(outbox) > 500);
				Set<Integer> shardsOfA = shardsOf(leases, "A");
				a.pause();
				Instant paused = Instant.now();
				await().atMost(Duration.ofSeconds(30)).until(() -> held(leases, "B") == SHARDS);
				Duration takeover = Duration.between(paused, Instant.now());
				// A stays stopped 2 s more; B keeps every shard meanwhile.
				await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> held(leases, "B") == SHARDS);
				Instant resumed = Instant.now();
				a.resume();
				// When A takes each shard again, by the lease's own record (the database's clock), watched
				// until the end: A may take more shards later.
				Map<Integer, Instant> regained = new ConcurrentHashMap<>();
				ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
				watcher.scheduleWithFixedDelay(() -> leases
					.find(Filters.and(Filters.eq("owner", "A"), Filters.gt("expires", new Date())))
					.forEach((lease) -> regained.putIfAbsent(shard(lease.getString("_id")),
							lease.getDate("since").toInstant())), 0, 10, TimeUnit.MILLISECONDS);
				try {
					await().atMost(Duration.ofSeconds(30))
						.until(() -> regained.size() >= SHARDS / 2 && published(outbox) > written.get() - 200);
					stop(writes);
					await().atMost(Duration.ofSeconds(60)).until(() -> published(outbox) == written.get());
				}
				finally {
					watcher.shutdownNow();
					watcher.awaitTermination(5, TimeUnit.SECONDS);
				}

				JsonMapper json = new JsonMapper();
				Map<String, List<Integer>> perKey = new HashMap<>();
				Set<String> seen = new HashSet<>();
				List<String> staleSends = new ArrayList<>();
				List<Instant> staleHandOvers = new ArrayList<>();
				int sentByABeforePause = 0;
				for (ConsumerRecord<String, byte[]> record : readAll(brokers, TOPIC, (record) -> true)) {
					// When A's relay handed the record to its producer, not when the producer stamped it.
					Instant created = "A".equals(header(record, SenderTagInterceptor.HEADER))
							? Instant.ofEpochMilli(Long.parseLong(header(record, SenderTagInterceptor.HANDED_AT)))
							: Instant.ofEpochMilli(record.timestamp());
					int shard = MongoEventOutbox.keyHash(record.key()) % SHARDS;
					if ("A".equals(header(record, SenderTagInterceptor.HEADER))) {
						if (created.isBefore(paused) && shardsOfA.contains(shard)) {
							sentByABeforePause++;
						}
						// Sent after SIGCONT for a shard A did not hold again yet: what fencing must prevent.
						Instant back = regained.get(shard);
						if (!created.isBefore(resumed) && (back == null || created.isBefore(back))) {
							staleHandOvers.add(created);
							staleSends.add(record.key() + " (shard " + shard + ", handed over " + created + ", resumed "
									+ resumed + ", shard regained " + back + ", offset " + record.offset() + ")");
						}
					}
					if (seen.add(header(record, "event_id"))) {
						perKey.computeIfAbsent(record.key(), (key) -> new ArrayList<>())
							.add(json.readTree(record.value()).get("n").asInt());
					}
				}
				assertThat(sentByABeforePause).isPositive();
				// Only the one record decided before SIGSTOP may be handed over after SIGCONT (one relay thread).
				assertThat(staleSends).hasSizeLessThanOrEqualTo(1);
				assertThat(staleHandOvers).allSatisfy((handedOver) -> assertThat(handedOver)
					.isBefore(resumed.plus(IN_FLIGHT_AT_PAUSE)));
				assertThat(seen).hasSize(written.get());
				perKey.forEach((key, ns) -> assertThat(ns).as(key).isSorted());
				System.out.printf("Relay pause: %d events; A paused %d ms (lease %d ms), B took over after %d ms; "
						+ "A took %d shards back; %d sends by A for shards it no longer held (%s); order per key kept%n",
						written.get(), Duration.between(paused, resumed).toMillis(), LEASE.toMillis(), takeover.toMillis(),
						regained.size(), staleSends.size(), staleSends);
			}
			finally {
				stop(writes);
			}
		}
	}

	private static ApplicationProcess relay(EmbeddedMongo mongo, String brokers, String name) {
		return ApplicationProcess.start(RelayProcessMain.class, Path.of("target", "relay-pause-" + name + ".log"),
				"--spring.mongodb.uri=" + mongo.uri(), "--spring.kafka.bootstrap-servers=" + brokers,
				"--eventwire.service-name=outbox-pause-relay", "--eventwire.outbox.relay.enabled=true",
				"--eventwire.outbox.relay.poll-interval=50ms", "--eventwire.outbox.relay.batch-size=50",
				"--eventwire.outbox.relay.shards=" + SHARDS,
				"--eventwire.outbox.relay.lease-duration=" + LEASE.toMillis() + "ms",
				"--eventwire.outbox.relay.instance-id=" + name, "--eventwire.outbox.relay.idle-check-interval=1s",
				"--spring.kafka.producer.properties.interceptor.classes=" + SenderTagInterceptor.class.getName(),
				"--spring.kafka.producer.properties." + SenderTagInterceptor.PROPERTY + "=" + name);
	}

	private static long held(MongoCollection<Document> leases, String owner) {
		return leases.countDocuments(Filters.and(Filters.regex("_id", "^lease-"), Filters.eq("owner", owner),
				Filters.gt("expires", new Date())));
	}

	private static Set<Integer> shardsOf(MongoCollection<Document> leases, String owner) {
		Set<Integer> shards = new HashSet<>();
		leases.find(Filters.and(Filters.regex("_id", "^lease-"), Filters.eq("owner", owner),
				Filters.gt("expires", new Date()))).forEach((lease) -> shards.add(shard(lease.getString("_id"))));
		return shards;
	}

	private static int shard(String leaseId) {
		return Integer.parseInt(leaseId.substring(leaseId.lastIndexOf('-') + 1));
	}

	private static long published(MongoCollection<Document> outbox) {
		return outbox.countDocuments(Filters.eq("published", true));
	}

	// Returns once the write in progress, if any, has finished: nothing is written after.
	private static void stop(ScheduledExecutorService writes) throws InterruptedException {
		writes.shutdown();
		assertThat(writes.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WriterApp {

		@Bean
		NewTopic pauseTopic() {
			return TopicBuilder.name(TOPIC).partitions(3).replicas(1).build();
		}

	}

}
