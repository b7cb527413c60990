package io.eventwire.benchmarks;

import java.time.Duration;

import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consume: JSON events dispatched to an {@code @EventTranslator} handler bound to a record, against a
 * plain {@code @KafkaListener} receiving {@code ConsumerRecord<String, byte[]>} and binding the same
 * record with the same Jackson mapper. Both read the same pre-filled topic, in new consumer groups,
 * with the same concurrency; the rate counts from the first handled event to the last.
 */
final class ConsumeWorkload {

	static final String TOPIC = "bench-consume";

	private static final int CONCURRENCY = 3;

	private final Infrastructure infrastructure;

	private final int events;

	private int run;

	ConsumeWorkload(Infrastructure infrastructure, int events, int keys) {
		this.infrastructure = infrastructure;
		this.events = events;
		infrastructure.createTopic(TOPIC, 6);
		infrastructure.produce(TOPIC, "bench_event", events, keys, JsonMapper.builder().build());
	}

	Measurement eventwire() throws Exception {
		Progress progress = new Progress(this.infrastructure, this.events);
		try (ConfigurableApplicationContext context = start(EventwireApp.class, progress,
				"--eventwire.service-name=bench-eventwire-" + (++this.run),
				"--eventwire.consumer.concurrency=" + CONCURRENCY)) {
			return progress.await(Duration.ofMinutes(5));
		}
	}

	Measurement baseline() throws Exception {
		Progress progress = new Progress(this.infrastructure, this.events);
		try (ConfigurableApplicationContext context = start(BaselineApp.class, progress, "--eventwire.enabled=false",
				"--spring.kafka.consumer.group-id=bench-baseline-" + (++this.run),
				"--spring.kafka.consumer.auto-offset-reset=earliest",
				"--spring.kafka.consumer.value-deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
				"--spring.kafka.listener.concurrency=" + CONCURRENCY)) {
			return progress.await(Duration.ofMinutes(5));
		}
	}

	private ConfigurableApplicationContext start(Class<?> app, Progress progress, String... args) {
		String[] all = Workloads.args(this.infrastructure, "bench", args);
		return this.infrastructure.application(app)
			.initializers((context) -> context.getBeanFactory().registerSingleton("progress", progress))
			.run(all);
	}

	@EventTranslator(topics = TOPIC)
	static class BenchTranslator {

		private final Progress progress;

		BenchTranslator(Progress progress) {
			this.progress = progress;
		}

		@OnEvent("bench_event")
		void on(BenchEvent event) {
			if (event.seq() >= 0) {
				this.progress.handled();
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(BenchTranslator.class)
	static class EventwireApp {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BaselineApp {

		@Bean
		BaselineListener baselineListener(JsonMapper jsonMapper, Progress progress) {
			return new BaselineListener(jsonMapper, progress);
		}

	}

	static class BaselineListener {

		private final JsonMapper jsonMapper;

		private final Progress progress;

		BaselineListener(JsonMapper jsonMapper, Progress progress) {
			this.jsonMapper = jsonMapper;
			this.progress = progress;
		}

		@KafkaListener(topics = TOPIC)
		void on(ConsumerRecord<String, byte[]> record) {
			BenchEvent event = this.jsonMapper.readValue(record.value(), BenchEvent.class);
			if (event.seq() >= 0) {
				this.progress.handled();
			}
		}

	}

}
