package io.eventwire.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
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
import com.mongodb.client.model.Sorts;
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

	private final Probe probe = new Probe();

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
				long start = System.nanoTime();
				outbox.find(Filters.and(Filters.eq(OutboxDocuments.PUBLISHED, false), Filters.eq(OutboxDocuments.FAILED, false)))
					.sort(Sorts.ascending(OutboxDocuments.SEQUENCE, OutboxDocuments.WRITER_SEQUENCE))
					.limit(5_000)
					.batchSize(500)
					.first();
				outbox.updateMany(Filters.in("_id", ids), Updates.set(OutboxDocuments.PUBLISHED, true));
				total += System.nanoTime() - start;
			}
			return total / 5 / 1e6;
		});
	}

	private Percentiles measure(Consumer<BenchEvent> write, int rate) throws InterruptedException {
		int events = rate * this.seconds;
		write(this.probe.start("warmup" + this.run, Math.min(events, 1_000)), write, rate);
		return write(this.probe.start("measured" + this.run, events), write, rate);
	}

	private Percentiles write(Run run, Consumer<BenchEvent> write, int rate) throws InterruptedException {
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

	/**
	 * Latency percentiles of one run, in milliseconds.
	 *
	 * @param p50 median latency
	 * @param p95 95th percentile
	 * @param p99 99th percentile
	 * @param max the longest
	 * @param toKafkaP50 median time from the commit to the Kafka record's timestamp (the send),
	 * with the wall clock's millisecond precision
	 * @param fromKafkaP50 median time from the record's timestamp to the handler
	 */
	record Percentiles(double p50, double p95, double p99, double max, double toKafkaP50, double fromKafkaP50,
			double serverMillis) {

		/**
		 * @param serverMillis what one relay cycle asked of the MongoDB server at the end of the run
		 * (its query for pending entries, to the first batch, and marking ten entries), in ms
		 */
		Percentiles withServerMillis(double serverMillis) {
			return new Percentiles(this.p50, this.p95, this.p99, this.max, this.toKafkaP50, this.fromKafkaP50,
					serverMillis);
		}

		static Percentiles of(long[] nanos, long[] toKafkaMillis, long[] fromKafkaMillis) {
			long[] sorted = sorted(nanos);
			return new Percentiles(at(sorted, 0.50) / 1e6, at(sorted, 0.95) / 1e6, at(sorted, 0.99) / 1e6,
					sorted[sorted.length - 1] / 1e6, at(sorted(toKafkaMillis), 0.50), at(sorted(fromKafkaMillis), 0.50),
					Double.NaN);
		}

		private static long[] sorted(long[] values) {
			long[] sorted = values.clone();
			Arrays.sort(sorted);
			return sorted;
		}

		private static long at(long[] sorted, double quantile) {
			int index = (int) Math.ceil(quantile * sorted.length) - 1;
			return sorted[Math.max(0, index)];
		}

	}

	/**
	 * The run the reader's handler reports to; events of other runs are ignored.
	 */
	static final class Probe {

		private volatile Run current;

		Run start(String id, int events) {
			Run run = new Run(id, events);
			this.current = run;
			return run;
		}

		void handled(BenchEvent event, EventMetadata metadata) {
			Run run = this.current;
			if (run != null && run.id().equals(event.run())) {
				run.handled(event.seq(), metadata.timestamp().toEpochMilli());
			}
		}

	}

	static final class Run {

		private final String id;

		private final AtomicLongArray committed;

		private final AtomicLongArray handled;

		private final AtomicLongArray committedMillis;

		private final AtomicLongArray sentMillis;

		private final AtomicLongArray handledMillis;

		private final AtomicInteger remaining;

		private final CountDownLatch done = new CountDownLatch(1);

		Run(String id, int events) {
			this.id = id;
			this.committed = new AtomicLongArray(events);
			this.handled = new AtomicLongArray(events);
			this.committedMillis = new AtomicLongArray(events);
			this.sentMillis = new AtomicLongArray(events);
			this.handledMillis = new AtomicLongArray(events);
			this.remaining = new AtomicInteger(events);
		}

		String id() {
			return this.id;
		}

		int events() {
			return this.handled.length();
		}

		void committed(int seq) {
			this.committed.set(seq, System.nanoTime());
			this.committedMillis.set(seq, System.currentTimeMillis());
		}

		void handled(int seq, long sentMillis) {
			// At least once: a redelivered event keeps its first time.
			if (this.handled.compareAndSet(seq, 0, System.nanoTime())) {
				this.handledMillis.set(seq, System.currentTimeMillis());
				this.sentMillis.set(seq, sentMillis);
				if (this.remaining.decrementAndGet() == 0) {
					this.done.countDown();
				}
			}
		}

		Percentiles await(Duration timeout) throws InterruptedException {
			if (!this.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(
						this.remaining.get() + " of " + events() + " events of " + this.id + " not handled within " + timeout);
			}
			long[] latencies = new long[events()];
			long[] toKafka = new long[events()];
			long[] fromKafka = new long[events()];
			for (int i = 0; i < latencies.length; i++) {
				// The handler can run before the writer noted the commit time: that is no latency.
				latencies[i] = Math.max(0, this.handled.get(i) - this.committed.get(i));
				toKafka[i] = Math.max(0, this.sentMillis.get(i) - this.committedMillis.get(i));
				fromKafka[i] = Math.max(0, this.handledMillis.get(i) - this.sentMillis.get(i));
			}
			return Percentiles.of(latencies, toKafka, fromKafka);
		}

	}

	@EventTranslator(topics = { WAKEUP_TOPIC, POLLING_TOPIC, MODULITH_TOPIC, DIRECT_TOPIC })
	static class LatencyTranslator {

		private final Probe probe;

		LatencyTranslator(Probe probe) {
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
