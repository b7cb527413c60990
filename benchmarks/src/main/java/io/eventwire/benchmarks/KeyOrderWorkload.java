package io.eventwire.benchmarks;

import java.time.Duration;

import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import io.eventwire.keyorder.ParkedKeys;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cost of key order on the consuming path: the same translator with
 * {@code eventwire.dlq.key-order} on, while keys of the service are parked (so that every event is
 * looked up among them), against {@code key-order=false}. Before each measured run a context of
 * the same service dead-letters events of {@value #PARKED} keys on a side topic, which parks them.
 */
final class KeyOrderWorkload {

	static final String TOPIC = "bench-keyorder";

	static final String SIDE_TOPIC = "bench-keyorder-side";

	static final int PARKED = 100;

	private static final int CONCURRENCY = 3;

	private final Infrastructure infrastructure;

	private final int events;

	private int run;

	KeyOrderWorkload(Infrastructure infrastructure, int events, int keys) {
		this.infrastructure = infrastructure;
		this.events = events;
		JsonMapper json = JsonMapper.builder().build();
		infrastructure.createTopic(TOPIC, 6);
		infrastructure.produce(TOPIC, "bench_event", events, keys, json);
		infrastructure.createTopic(SIDE_TOPIC, 1);
		infrastructure.produce(SIDE_TOPIC, "poison", PARKED, PARKED, json);
	}

	Measurement eventwire() throws Exception {
		String service = "bench-keyorder-" + (++this.run);
		park(service);
		return measure(service, "--eventwire.dlq.key-order=true");
	}

	Measurement baseline() throws Exception {
		return measure("bench-keyorder-" + (++this.run), "--eventwire.dlq.key-order=false");
	}

	private void park(String service) throws InterruptedException {
		// After each dead letter the consumer fetches again, and would wait out the broker's fetch
		// wait for every one of them: not what is measured here.
		try (ConfigurableApplicationContext context = start(ParkingApp.class, null, "--eventwire.service-name=" + service,
				"--spring.kafka.consumer.fetch-max-wait=10ms")) {
			awaitParked(context.getBean(ParkedKeys.class));
		}
	}

	private static void awaitParked(ParkedKeys keys) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (keys.keyCount() < PARKED) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Only " + keys.keyCount() + " keys are parked, not " + PARKED);
			}
			Thread.sleep(20);
		}
	}

	private Measurement measure(String service, String keyOrder) throws Exception {
		Progress progress = new Progress(this.infrastructure, this.events);
		try (ConfigurableApplicationContext context = start(MeasuredApp.class, progress,
				"--eventwire.service-name=" + service, "--eventwire.consumer.concurrency=" + CONCURRENCY, keyOrder)) {
			if (keyOrder.endsWith("true")) {
				// Read from the parking topic at startup; nothing is handled before that is done.
				awaitParked(context.getBean(ParkedKeys.class));
			}
			return progress.await(Duration.ofMinutes(5));
		}
	}

	private ConfigurableApplicationContext start(Class<?> app, Progress progress, String... args) {
		String[] all = Workloads.args(this.infrastructure, "bench", args);
		return this.infrastructure.application(app).initializers((context) -> {
			if (progress != null) {
				context.getBeanFactory().registerSingleton("progress", progress);
			}
		}).run(all);
	}

	@EventTranslator(topics = TOPIC)
	static class MeasuredTranslator {

		private final Progress progress;

		MeasuredTranslator(Progress progress) {
			this.progress = progress;
		}

		@OnEvent("bench_event")
		void on(BenchEvent event) {
			if (event.seq() >= 0) {
				this.progress.handled();
			}
		}

	}

	@EventTranslator(topics = SIDE_TOPIC)
	static class PoisonTranslator {

		@OnEvent("poison")
		void on(BenchEvent event) {
			throw new NonRetryableEventException("parks key " + event.seq());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(MeasuredTranslator.class)
	static class MeasuredApp {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(PoisonTranslator.class)
	static class ParkingApp {

	}

}
