package io.eventwire.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parallel: a handler that waits {@value #WAIT_MILLIS} ms on I/O, on a topic of 6 partitions and
 * many keys, handled by a translator with {@code eventwire.consumer.parallelism} against (a) a
 * {@code @KafkaListener} with concurrency 6 (one event at a time per partition) and (b) Confluent's
 * Parallel Consumer 0.5.3.3 in KEY order with as many events in flight (6 x the parallelism). All
 * read the same pre-filled topic in new consumer groups; each binds the payload with Jackson. The
 * topic is large enough (150,000 events) that the consumers' joining, which comes after the first
 * event is counted, weighs little in eventwire's and the Parallel Consumer's seconds.
 */
final class ParallelWorkload {

	static final String TOPIC = "bench-parallel";

	/** How its results' names begin. */
	static final String NAME = "Parallel: ";

	static final int WAIT_MILLIS = 5;

	static final int CONCURRENCY = 6;

	static final int PARALLELISM = 32;

	static final int LISTENER_EVENTS = 20_000;

	/** Events in flight at once at most, for eventwire and the Parallel Consumer. */
	static final int SLOTS = CONCURRENCY * PARALLELISM;

	private final Infrastructure infrastructure;

	private final int events;

	private final int keys;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private int run;

	ParallelWorkload(Infrastructure infrastructure, int events, int keys) {
		this.infrastructure = infrastructure;
		this.events = events;
		this.keys = keys;
		infrastructure.createTopic(TOPIC, CONCURRENCY);
		infrastructure.produce(TOPIC, "bench_event", events, keys, this.jsonMapper);
	}

	/**
	 * @return what the waits allow at most: {@code min(slots, keys)} events every {@value #WAIT_MILLIS} ms
	 */
	double idealRate() {
		return Math.min(SLOTS, this.keys) * 1000.0 / WAIT_MILLIS;
	}

	Measurement eventwire() throws Exception {
		Progress progress = new Progress(this.infrastructure, this.events);
		try (ConfigurableApplicationContext context = start(EventwireApp.class, progress,
				"--eventwire.service-name=bench-parallel-" + (++this.run),
				"--eventwire.consumer.concurrency=" + CONCURRENCY, "--eventwire.consumer.parallelism=" + PARALLELISM)) {
			return progress.await(Duration.ofMinutes(10));
		}
	}

	/**
	 * The listener's rate is steady from its first events on, and it is 30 times slower: it is
	 * measured over the first {@value #LISTENER_EVENTS} events (or all, when fewer).
	 */
	Measurement listener() throws Exception {
		Progress progress = new Progress(this.infrastructure, Math.min(this.events, LISTENER_EVENTS));
		try (ConfigurableApplicationContext context = start(ListenerApp.class, progress, "--eventwire.enabled=false",
				"--spring.kafka.consumer.group-id=bench-parallel-listener-" + (++this.run),
				"--spring.kafka.consumer.auto-offset-reset=earliest",
				"--spring.kafka.consumer.value-deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
				"--spring.kafka.listener.concurrency=" + CONCURRENCY)) {
			return progress.await(Duration.ofMinutes(10));
		}
	}

	Measurement parallelConsumer() throws Exception {
		Progress progress = new Progress(this.infrastructure, this.events);
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.infrastructure.brokers(), ConsumerConfig.GROUP_ID_CONFIG,
				"bench-parallel-pc-" + (++this.run), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
		ParallelStreamProcessor<String, byte[]> processor = ParallelStreamProcessor
			.createEosStreamProcessor(ParallelConsumerOptions.<String, byte[]>builder()
				.ordering(ParallelConsumerOptions.ProcessingOrder.KEY)
				.maxConcurrency(SLOTS)
				.commitMode(ParallelConsumerOptions.CommitMode.PERIODIC_CONSUMER_ASYNCHRONOUS)
				.consumer(consumer)
				.build());
		try {
			processor.subscribe(List.of(TOPIC));
			processor.poll((context) -> handle(context.getSingleConsumerRecord(), progress));
			return progress.await(Duration.ofMinutes(10));
		}
		finally {
			processor.close();
		}
	}

	// What each side does per event: wait on I/O, bind the payload, count it.
	private void handle(ConsumerRecord<String, byte[]> record, Progress progress) {
		LockSupport.parkNanos(Duration.ofMillis(WAIT_MILLIS).toNanos());
		BenchEvent event = this.jsonMapper.readValue(record.value(), BenchEvent.class);
		if (event.seq() >= 0) {
			progress.handled();
		}
	}

	private ConfigurableApplicationContext start(Class<?> app, Progress progress, String... args) {
		return this.infrastructure.application(app)
			.initializers((context) -> {
				context.getBeanFactory().registerSingleton("progress", progress);
				context.getBeanFactory().registerSingleton("parallelWorkload", this);
			})
			.run(Workloads.args(this.infrastructure, "bench", args));
	}

	@EventTranslator(topics = TOPIC)
	static class WaitingTranslator {

		private final Progress progress;

		WaitingTranslator(Progress progress) {
			this.progress = progress;
		}

		@OnEvent("bench_event")
		void on(BenchEvent event) {
			LockSupport.parkNanos(Duration.ofMillis(WAIT_MILLIS).toNanos());
			if (event.seq() >= 0) {
				this.progress.handled();
			}
		}

	}

	static class WaitingListener {

		private final ParallelWorkload workload;

		private final Progress progress;

		WaitingListener(ParallelWorkload workload, Progress progress) {
			this.workload = workload;
			this.progress = progress;
		}

		@KafkaListener(topics = TOPIC)
		void on(ConsumerRecord<String, byte[]> record) {
			this.workload.handle(record, this.progress);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(WaitingTranslator.class)
	static class EventwireApp {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(WaitingListener.class)
	static class ListenerApp {

	}

}
