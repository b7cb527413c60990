package io.eventwire.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
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
 * Scenario 7 of docs/reliability.md, rebalance under load: 100,000 events flow into a topic of 12
 * partitions while the consumer group changes: three instances at the start, one stopped and two
 * started while events arrive, another stopped. None is lost, repeats only repeat handled events,
 * and each key's events are first handled in the order written. Run once with a partition's events
 * handled in turn and once with keys handled side by side.
 */
class RebalanceUnderLoadTests {

	static final String TOPIC = "rebalance-orders";

	static final String SERVICE = "rebalance";

	static final int EVENTS = 100_000;

	static final int KEYS = 1_000;

	@Test
	void noEventIsLostWhileInstancesJoinAndLeave() throws Exception {
		changeTheGroupUnderLoad(EVENTS, KEYS, "Rebalance under load");
	}

	/**
	 * The same with keys handled side by side (scenario 19): 50,000 events of 5,000 keys, 64 in
	 * flight per consumer thread, handlers that wait 1 ms.
	 */
	@Test
	void noEventIsLostWhileInstancesJoinAndLeaveWithKeysSideBySide() throws Exception {
		changeTheGroupUnderLoad(50_000, 5_000, "Rebalance under load, parallelism 64",
				"--eventwire.consumer.parallelism=64", "--test.work-ms=1");
	}

	private void changeTheGroupUnderLoad(int events, int keys, String scenario, String... settings) throws Exception {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 12, TOPIC);
		broker.afterPropertiesSet();
		Ledger ledger = new Ledger();
		List<ConfigurableApplicationContext> instances = new ArrayList<>();
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()));
				KafkaProducer<String, byte[]> producer = Topics.producer(broker.getBrokersAsString())) {
			for (int i = 0; i < 3; i++) {
				instances.add(start(broker, ledger, settings));
			}
			long started = System.nanoTime();
			int changes = 0;
			for (int i = 0; i < events; i++) {
				producer.send(Topics.step(TOPIC, i, keys));
				if (i > 0 && i % (events / 5) == 0) {
					producer.flush();
					// Wait for the group to have made progress, then change it: leave, join, join, leave.
					int produced = i;
					await().atMost(Duration.ofMinutes(2)).until(() -> ledger.handled.size() >= produced / 2);
					switch (changes++) {
						case 0, 3 -> instances.remove(0).close();
						default -> instances.add(start(broker, ledger, settings));
					}
				}
			}
			producer.flush();
			await().atMost(Duration.ofMinutes(5)).until(() -> ledger.handled.size() == events);
			await().atMost(Duration.ofMinutes(2)).until(() -> Topics.lag(admin, SERVICE, TOPIC) == 0);
			double seconds = (System.nanoTime() - started) / 1e9;

			assertThat(changes).isEqualTo(4);
			assertThat(ledger.handled).hasSize(events);
			assertThat(ledger.outOfOrder).hasValue(0);
			System.out.printf("%s: %,d events, 3 instances, 2 stopped and 2 started while they flowed, "
					+ "0 lost, %,d duplicates (same event ids), lag 0 after %.1f s%n", scenario, events,
					ledger.invocations.get() - events, seconds);
		}
		finally {
			instances.forEach(ConfigurableApplicationContext::close);
			broker.destroy();
		}
	}

	private static ConfigurableApplicationContext start(EmbeddedKafkaKraftBroker broker, Ledger ledger,
			String... settings) {
		List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
				"--eventwire.service-name=" + SERVICE, "--eventwire.outbox.relay.enabled=false",
				"--eventwire.consumer.concurrency=2", "--spring.main.banner-mode=off"));
		args.addAll(List.of(settings));
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.initializers((context) -> context.getBeanFactory().registerSingleton("ledger", ledger))
			.run(args.toArray(String[]::new));
	}

	record Step(String key, int seq) {
	}

	/**
	 * What every instance handled, shared by all of them.
	 */
	static final class Ledger {

		final Map<String, Boolean> handled = new ConcurrentHashMap<>();

		final Map<String, Integer> lastSeq = new ConcurrentHashMap<>();

		final AtomicInteger invocations = new AtomicInteger();

		final AtomicInteger outOfOrder = new AtomicInteger();

		void handled(Step step, String eventId) {
			this.invocations.incrementAndGet();
			if (this.handled.putIfAbsent(eventId, Boolean.TRUE) == null) {
				this.lastSeq.merge(step.key(), step.seq(), (previous, next) -> {
					if (previous > next) {
						this.outOfOrder.incrementAndGet();
					}
					return Math.max(previous, next);
				});
			}
		}

	}

	@EventTranslator(topics = TOPIC)
	static class Steps {

		private final Ledger ledger;

		private final long workNanos;

		Steps(Ledger ledger, @Value("${test.work-ms:0}") long workMillis) {
			this.ledger = ledger;
			this.workNanos = Duration.ofMillis(workMillis).toNanos();
		}

		@OnEvent("step")
		void on(Step step, EventMetadata metadata) {
			if (this.workNanos > 0) {
				LockSupport.parkNanos(this.workNanos);
			}
			this.ledger.handled(step, metadata.eventId());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Steps.class)
	static class App {

	}

}
