package io.eventwire.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
		List<CompletableFuture<?>> sent = new ArrayList<>(this.events);
		Cost.Snapshot before = this.infrastructure.costs();
		long start = System.nanoTime();
		for (int i = 0; i < this.events; i++) {
			sent.add(this.publisher.publishAsync(TOPIC, "bench_event", BenchEvent.key(i, this.keys), BenchEvent.of(i)));
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
		return Measurement.since(this.infrastructure, before, start, this.events);
	}

	Measurement baseline() throws Exception {
		List<CompletableFuture<?>> sent = new ArrayList<>(this.events);
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
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
		return Measurement.since(this.infrastructure, before, start, this.events);
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
