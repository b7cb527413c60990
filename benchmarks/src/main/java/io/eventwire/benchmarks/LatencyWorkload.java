package io.eventwire.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.eventwire.EventMetadata;
import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxDocuments;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Latency from an outbox write's commit to the handler invocation in another application context:
 * events written at a steady rate, each timed from the moment its write returned (committed) to the
 * moment an eventwire handler in the reader context received it. eventwire with the after-commit
 * wakeup, eventwire polling only (the default one-second poll interval), and Spring Modulith's
 * after-commit externalization; as the floor, the same events published straight to Kafka. Each run
 * writes for a given time at a given rate, after a warm-up batch that is not counted.
 */
final class LatencyWorkload implements AutoCloseable {

	static final String WAKEUP_TOPIC = "bench-latency-wakeup";

	static final String POLLING_TOPIC = "bench-latency-polling";

	static final String MODULITH_TOPIC = "bench-latency-modulith";

	static final String DIRECT_TOPIC = "bench-latency-direct";

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private final Infrastructure infrastructure;

	private final int seconds;

	private final int keys;

	private final LatencyProbe probe = new LatencyProbe();

	private final ConfigurableApplicationContext reader;

	private int run;

	/**
	 * @param seconds how long each run writes events
	 */
	LatencyWorkload(Infrastructure infrastructure, int seconds, int keys) {
		this.infrastructure = infrastructure;
		this.seconds = seconds;
		this.keys = keys;
		for (String topic : new String[] { WAKEUP_TOPIC, POLLING_TOPIC, MODULITH_TOPIC, DIRECT_TOPIC }) {
			infrastructure.createTopic(topic, 6);
		}
		this.reader = this.infrastructure.application(ReaderApp.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("latencyProbe", this.probe))
			.run(Workloads.args(infrastructure, "bench-latency-reader", "--eventwire.service-name=bench-latency-reader",
					"--eventwire.consumer.concurrency=3"));
	}

	/**
	 * @param wakeOnWrite whether each write wakes the relay, or it only polls
	 * @param rate events written per second
	 */
	Percentiles eventwire(boolean wakeOnWrite, int rate) throws InterruptedException {
		String topic = wakeOnWrite ? WAKEUP_TOPIC : POLLING_TOPIC;
		try (ConfigurableApplicationContext writer = this.infrastructure.application(OutboxComparisonWorkload.EventwireApp.class)
			.run(Workloads.args(this.infrastructure, "bench-latency-" + (++this.run),
					"--eventwire.service-name=bench-latency-writer", "--eventwire.outbox.relay.enabled=true",
					"--eventwire.outbox.relay.wake-on-write=" + wakeOnWrite))) {
			EventOutbox outbox = writer.getBean(EventOutbox.class);
			Workloads.awaitOutboxIndexes(writer);
			Percentiles percentiles = measure(
					(event) -> outbox.publish(topic, "bench_event", BenchEvent.key(event.seq(), this.keys), event), rate);
			double serverMillis = relayCycleOnServer(writer.getBean(MongoTemplate.class));
			Workloads.dropDatabase(writer);
			return percentiles.withServerMillis(serverMillis);
		}
	}

	/**
	 * The floor: the same events published straight to Kafka ({@code EventPublisher.publishAsync}),
	 * without an outbox, timed from the call.
	 * @param rate events written per second
	 */
	Percentiles direct(int rate) throws InterruptedException {
		try (ConfigurableApplicationContext writer = this.infrastructure.application(OutboxComparisonWorkload.EventwireApp.class)
			.run(Workloads.args(this.infrastructure, "bench-latency-" + (++this.run),
					"--eventwire.service-name=bench-latency-writer"))) {
			EventPublisher publisher = writer.getBean(EventPublisher.class);
			return measure((event) -> publisher.publishAsync(DIRECT_TOPIC, "bench_event",
					BenchEvent.key(event.seq(), this.keys), event), rate);
		}
	}

	Percentiles modulith(int rate) throws InterruptedException {
		try (ConfigurableApplicationContext writer = this.infrastructure.application(ModulithApp.class)
			.run(ModulithApp.args(this.infrastructure, "bench-latency-" + (++this.run), MODULITH_TOPIC, this.keys))) {
			ModulithApp.ModulithWriter modulith = writer.getBean(ModulithApp.ModulithWriter.class);
			Percentiles percentiles = measure(modulith::write, rate);
			Workloads.dropDatabase(writer);
			return percentiles;
		}
	}

	/**
	 * Time what one relay cycle asks of the server, on the outbox as the run left it: the query for
	 * pending entries (none now) and marking ten entries published again. Latency cannot be lower
	 * than this, whatever the relay does.
	 */
	private double relayCycleOnServer(MongoTemplate mongo) {
		return this.infrastructure.mongoCommands().uncounted(() -> {
			MongoCollection<Document> outbox = mongo.getCollection("eventwire_outbox");
			List<Object> ids = outbox.find().limit(10).map((entry) -> entry.get("_id")).into(new ArrayList<>());
			long total = 0;
			for (int i = 0; i < 5; i++) {
				long query = Workloads.relayQueryNanos(outbox);
				long start = System.nanoTime();
				outbox.updateMany(Filters.in("_id", ids), Updates.set(OutboxDocuments.PUBLISHED, true));
				total += query + System.nanoTime() - start;
			}
			return total / 5 / 1e6;
		});
	}

	private Percentiles measure(Consumer<BenchEvent> write, int rate) throws InterruptedException {
		int events = rate * this.seconds;
		write(this.probe.start("warmup" + this.run, Math.min(events, 1_000)), write, rate);
		return write(this.probe.start("measured" + this.run, events), write, rate);
	}

	private Percentiles write(LatencyProbe.Run run, Consumer<BenchEvent> write, int rate) throws InterruptedException {
		long interval = TimeUnit.SECONDS.toNanos(1) / rate;
		long start = System.nanoTime();
		for (int i = 0; i < run.events(); i++) {
			long due = start + i * interval;
			for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
				LockSupport.parkNanos(due - now);
			}
			write.accept(BenchEvent.of(run.id(), i));
			run.committed(i);
		}
		return run.await(TIMEOUT);
	}

	@Override
	public void close() {
		this.reader.close();
	}

	@EventTranslator(topics = { WAKEUP_TOPIC, POLLING_TOPIC, MODULITH_TOPIC, DIRECT_TOPIC })
	static class LatencyTranslator {

		private final LatencyProbe probe;

		LatencyTranslator(LatencyProbe probe) {
			this.probe = probe;
		}

		@OnEvent("bench_event")
		void on(BenchEvent event, EventMetadata metadata) {
			this.probe.handled(event, metadata);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(LatencyTranslator.class)
	static class ReaderApp {

	}

}
