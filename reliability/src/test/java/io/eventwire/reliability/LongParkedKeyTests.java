package io.eventwire.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.keyorder.ParkedKeys;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 17 of docs/reliability.md: a key parked for long (a tenant id): 10,000 events of 10 KB
 * behind its dead letter. Replayed, it is released in order, a chunk at a time, with the service's
 * live heap bounded (sampled after a collection every 250 ms: before, a release held every parked
 * record between the key's first and last, 100 MB here, and had to finish within one deadline), and
 * another key's replay on the same retry partition does not wait for the whole release.
 */
class LongParkedKeyTests {

	static final String SERVICE = "long-parked";

	static final String TOPIC = "long-parked-steps";

	static final String DLQ = "long-parked-dlq";

	static final int PARKED = 10_000;

	static final int PAYLOAD_BYTES = 10 * 1024;

	@Test
	void aKeyWithTenThousandParkedEventsOfTenKilobytesIsReleasedInOrderWithABoundedHeap() throws Exception {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);
		broker.afterPropertiesSet();
		MongoServer mongo = new MongoServer(new MemoryBackend());
		InetSocketAddress address = mongo.bind();
		String brokers = broker.getBrokersAsString();
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers))) {
			admin.createTopics(List.of(new NewTopic(DLQ, 1, (short) 1))).all().get();
			try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
				.run("--spring.kafka.bootstrap-servers=" + brokers, "--eventwire.service-name=" + SERVICE,
						"--eventwire.dlq.topic=" + DLQ, "--eventwire.outbox.relay.enabled=false",
						"--spring.mongodb.uri=mongodb://localhost:" + address.getPort() + "/" + SERVICE,
						"--spring.main.banner-mode=off", "--spring.kafka.consumer.fetch-max-wait=50ms")) {
				Steps steps = app.getBean(Steps.class);
				DeadLetters deadLetters = app.getBean(DeadLetters.class);
				ParkedKeys parkedKeys = app.getBean(ParkedKeys.class);
				produce(brokers, "K", 0, PARKED + 1);
				long parkingStarted = System.nanoTime();
				await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
					.until(() -> parkedKeys.allEvents().size() == PARKED);
				double parking = (System.nanoTime() - parkingStarted) / 1e9;
				produce(brokers, "L", 0, 1);
				DeadLetter kDead = deadLetterOf(deadLetters, "K");
				DeadLetter lDead = deadLetterOf(deadLetters, "L");

				MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
				memory.gc();
				long baseline = memory.getHeapMemoryUsage().getUsed();
				AtomicLong peak = new AtomicLong(baseline);
				sampler.scheduleAtFixedRate(() -> {
					memory.gc();
					peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
				}, 0, 250, TimeUnit.MILLISECONDS);

				steps.fixed.set(true);
				long released = System.nanoTime();
				deadLetters.replay(kDead.eventId());
				await().atMost(Duration.ofSeconds(60)).until(() -> steps.handled("K").size() >= 200);
				deadLetters.replay(lDead.eventId());
				await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
					.until(() -> steps.handled("K").size() == PARKED + 1);
				double releasing = (System.nanoTime() - released) / 1e9;
				sampler.shutdownNow();

				assertThat(steps.handled("K")).isEqualTo(IntStream.rangeClosed(0, PARKED).boxed().toList());
				assertThat(steps.handled("L")).containsExactly(0);
				int kBeforeL = steps.handledBefore("L", 0);
				assertThat(kBeforeL).isLessThan(PARKED);
				long growth = peak.get() - baseline;
				assertThat(growth).isLessThan(64L * 1024 * 1024);
				System.out.printf("Long-parked key: %,d events of %d KB parked behind one dead letter (parked in %.1f s), "
						+ "released in order in %.1f s; live heap at most %.1f MB above the %.1f MB before the release "
						+ "(%,d MB of payload parked); another key's replay handled after %,d of them%n", PARKED,
						PAYLOAD_BYTES / 1024, parking, releasing, growth / 1e6, baseline / 1e6,
						(long) PARKED * PAYLOAD_BYTES / 1_000_000, kBeforeL);
			}
		}
		finally {
			sampler.shutdownNow();
			mongo.shutdownNow();
			broker.destroy();
		}
	}

	// Seq 0 of each key is poison until the fix.
	private static void produce(String brokers, String key, int from, int count) {
		String padding = "x".repeat(PAYLOAD_BYTES);
		try (KafkaProducer<String, byte[]> producer = Topics.producer(brokers)) {
			for (int seq = from; seq < from + count; seq++) {
				producer.send(Topics.event(TOPIC, key,
						"{\"key\":\"" + key + "\",\"seq\":" + seq + ",\"padding\":\"" + padding + "\"}"));
			}
			producer.flush();
		}
	}

	private static DeadLetter deadLetterOf(DeadLetters deadLetters, String key) {
		return await().atMost(Duration.ofSeconds(60))
			.until(() -> deadLetters.page(new io.eventwire.dlq.DeadLetterQuery(TOPIC, null, null, key, 0, 10))
				.deadLetters(), (letters) -> letters.size() == 1)
			.get(0);
	}

	record Step(String key, int seq) {
	}

	@EventTranslator(topics = TOPIC)
	static class Steps {

		final AtomicBoolean fixed = new AtomicBoolean();

		// Key and seq of every handled event, in the order handled.
		private final List<String> handled = new ArrayList<>();

		@OnEvent("step")
		void step(Step step) {
			if (step.seq() == 0 && !this.fixed.get()) {
				throw new NonRetryableEventException("step 0 of " + step.key() + " is refused");
			}
			synchronized (this.handled) {
				this.handled.add(step.key() + ":" + step.seq());
			}
		}

		List<Integer> handled(String key) {
			return all().stream()
				.filter((step) -> step.startsWith(key + ":"))
				.map((step) -> Integer.parseInt(step.substring(key.length() + 1)))
				.toList();
		}

		// How many events of other keys were handled before this one.
		int handledBefore(String key, int seq) {
			int index = all().indexOf(key + ":" + seq);
			return (index < 0) ? Integer.MAX_VALUE : index;
		}

		private List<String> all() {
			synchronized (this.handled) {
				return List.copyOf(this.handled);
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Steps.class)
	static class App {

	}

}
