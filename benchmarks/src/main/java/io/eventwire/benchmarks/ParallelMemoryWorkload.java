package io.eventwire.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Keys side by side in front of a backlog: a translator with parallelism {@value ParallelWorkload#PARALLELISM}
 * and 6 consumer threads whose handler waits {@value #WAIT_MILLIS} ms starts on a topic holding the
 * whole backlog (small events, 10,000 keys), and consumes it for {@code window} while the live heap
 * after a full GC is sampled (as the collection left it: see {@link HeapInUse#liveAfterGc()}); neither backlog is drained meanwhile, so each consumer thread's
 * buffer is full in both. The peak must not grow with the backlog.
 */
final class ParallelMemoryWorkload {

	static final int WAIT_MILLIS = 50;

	private final Infrastructure infrastructure;

	private final Duration window;

	private int run;

	/**
	 * One backlog.
	 *
	 * @param events events in the topic when the consumer started
	 * @param handled events handled in the window
	 * @param heapBefore heap in use after a full GC before the consumer started (MB)
	 * @param peakHeap the highest heap in use after a full GC in the window (MB)
	 */
	record Backlog(int events, int handled, double heapBefore, double peakHeap) {

		double growth() {
			return this.peakHeap - this.heapBefore;
		}

	}

	ParallelMemoryWorkload(Infrastructure infrastructure, Duration window) {
		this.infrastructure = infrastructure;
		this.window = window;
	}

	Backlog consume(int events) throws InterruptedException {
		String topic = "bench-parallel-memory-" + (++this.run);
		this.infrastructure.createTopic(topic, ParallelWorkload.CONCURRENCY);
		fill(topic, events);
		AtomicInteger handled = new AtomicInteger();
		double heapBefore = HeapInUse.liveAfterGc();
		double peak = heapBefore;
		try (ConfigurableApplicationContext context = this.infrastructure.application(App.class)
			.initializers((app) -> app.getBeanFactory().registerSingleton("handled", handled))
			.run(Workloads.args(this.infrastructure, "bench", "--eventwire.service-name=bench-parallel-memory-" + this.run,
					"--bench.topic=" + topic, "--eventwire.consumer.concurrency=" + ParallelWorkload.CONCURRENCY,
					"--eventwire.consumer.parallelism=" + ParallelWorkload.PARALLELISM))) {
			long end = System.nanoTime() + this.window.toNanos();
			while (System.nanoTime() < end) {
				LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
				peak = Math.max(peak, HeapInUse.liveAfterGc());
			}
			return new Backlog(events, handled.get(), heapBefore, peak);
		}
	}

	// Small events (about 100 bytes), so that a million fit the broker quickly.
	private void fill(String topic, int events) {
		Map<String, Object> configs = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.infrastructure.brokers(),
				ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
				ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
		byte[] type = "bench_event".getBytes(StandardCharsets.UTF_8);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(configs, new StringSerializer(),
				new ByteArraySerializer())) {
			for (int i = 0; i < events; i++) {
				ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "key-" + (i % 10_000),
						("{\"id\":\"e" + i + "\",\"seq\":" + i + "}").getBytes(StandardCharsets.UTF_8));
				record.headers()
					.add("type", type)
					.add("event_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
				producer.send(record);
			}
			producer.flush();
		}
	}

	@EventTranslator(topics = "${bench.topic}")
	static class SlowTranslator {

		private final AtomicInteger handled;

		SlowTranslator(AtomicInteger handled) {
			this.handled = handled;
		}

		@OnEvent("bench_event")
		void on(BenchEvent event) {
			LockSupport.parkNanos(Duration.ofMillis(WAIT_MILLIS).toNanos());
			this.handled.incrementAndGet();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(SlowTranslator.class)
	static class App {

	}

}
