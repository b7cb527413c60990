package io.eventwire.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.eventwire.EventPublisher;
import io.eventwire.publish.EventProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publish: {@code EventPublisher.publishAsync} against {@code KafkaTemplate.send} of the same records
 * (same key, JSON written by the same mapper, the same three headers) with the same producer settings
 * ({@code acks=all}, idempotent), both making their ids with {@code UUID.randomUUID()}. Each side
 * waits for every acknowledgement.
 */
final class PublishWorkload implements AutoCloseable {

	static final String TOPIC = "bench-publish";

	private final Infrastructure infrastructure;

	private final int events;

	private final int keys;

	private final ConfigurableApplicationContext context;

	private final EventPublisher publisher;

	private final KafkaTemplate<String, byte[]> template;

	private final JsonMapper jsonMapper;

	PublishWorkload(Infrastructure infrastructure, int events, int keys) {
		this.infrastructure = infrastructure;
		this.events = events;
		this.keys = keys;
		infrastructure.createTopic(TOPIC, 6);
		this.context = infrastructure.application(App.class)
			.run(Workloads.args(infrastructure, "bench", "--eventwire.service-name=bench-publish"));
		this.publisher = this.context.getBean(EventPublisher.class);
		this.jsonMapper = this.context.getBean(JsonMapper.class);
		// The same settings as eventwire's producer, in a plain template a user would write.
		DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(
				this.context.getBean(EventProducer.class).kafkaTemplate().getProducerFactory().getConfigurationProperties(),
				new StringSerializer(), new ByteArraySerializer());
		this.template = new KafkaTemplate<>(factory);
	}

	Measurement eventwire() throws Exception {
		InFlight sent = new InFlight();
		Cost.Snapshot before = this.infrastructure.costs();
		long start = System.nanoTime();
		for (int i = 0; i < this.events; i++) {
			sent.add(this.publisher.publishAsync(TOPIC, "bench_event", BenchEvent.key(i, this.keys), BenchEvent.of(i)));
		}
		sent.awaitAll();
		return Measurement.since(this.infrastructure, before, start, this.events);
	}

	Measurement baseline() throws Exception {
		InFlight sent = new InFlight();
		Cost.Snapshot before = this.infrastructure.costs();
		long start = System.nanoTime();
		for (int i = 0; i < this.events; i++) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, BenchEvent.key(i, this.keys),
					this.jsonMapper.writeValueAsBytes(BenchEvent.of(i)));
			record.headers()
				.add("type", "bench_event".getBytes(StandardCharsets.UTF_8))
				// Random UUIDs, as eventwire makes its ids (io.eventwire.internal.Uuids.random).
				.add("event_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
				.add("correlation_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
			sent.add(this.template.send(record));
		}
		sent.awaitAll();
		return Measurement.since(this.infrastructure, before, start, this.events);
	}

	/**
	 * The sends not yet awaited, at most {@value #WINDOW}: an application does not hold hundreds of
	 * thousands of futures, and the garbage collector's work on them was much of the spread between
	 * repetitions. Waiting for the oldest keeps the producer busy, unlike waiting for all.
	 */
	private static final class InFlight {

		private static final int WINDOW = 20_000;

		private final ArrayDeque<CompletableFuture<?>> sends = new ArrayDeque<>(WINDOW);

		void add(CompletableFuture<?> send) throws Exception {
			this.sends.add(send);
			if (this.sends.size() > WINDOW) {
				this.sends.remove().get(5, TimeUnit.MINUTES);
			}
		}

		void awaitAll() throws Exception {
			for (CompletableFuture<?> send : this.sends) {
				send.get(5, TimeUnit.MINUTES);
			}
		}

	}

	@Override
	public void close() {
		this.template.destroy();
		this.context.close();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
