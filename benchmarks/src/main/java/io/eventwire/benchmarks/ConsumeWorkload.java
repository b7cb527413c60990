package io.eventwire.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.eventwire.EventTranslator;
import io.eventwire.EventUpcaster;
import io.eventwire.OnEvent;
import io.eventwire.correlation.CorrelationId;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.MDC;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consume: JSON events dispatched to an {@code @EventTranslator} handler bound to a record, against
 * {@code @KafkaListener}s receiving {@code ConsumerRecord<String, byte[]>} and binding the same record
 * with the same Jackson mapper: one doing the same work as a user would write it for a topic in the
 * wire format (it reads the {@code type} header and handles its type only, and logs under the
 * {@code correlation_id} header's id in the MDC while the handler runs), and a bare one reading no
 * header, for scale. All read the same pre-filled topic, in new consumer groups, with the same
 * concurrency; the rate counts from the first handled event to the last.
 */
final class ConsumeWorkload {

	static final String TOPIC = "bench-consume";

	/** The workload against the listener doing the same work, whose CPU ratio is the goal's. */
	static final String SAME_WORK = "Consume: translator vs @KafkaListener reading the type and correlation headers";

	/** The translator with upcasters declared for its topic, its events at the handler's version. */
	static final String UPCASTERS = "Consume with upcasters declared: translator, events at the handler's version, vs "
			+ "@KafkaListener reading the type and correlation headers";

	/** The workload against the bare listener: what reading the wire format's headers costs, with the rest. */
	static final String BARE = "Consume (for scale): translator vs bare @KafkaListener, no header read";

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

	// The chain then has its upcasting step, which reads the version header of every event.
	Measurement eventwireWithUpcasters() throws Exception {
		Progress progress = new Progress(this.infrastructure, this.events);
		try (ConfigurableApplicationContext context = start(UpcastingApp.class, progress,
				"--eventwire.service-name=bench-upcasting-" + (++this.run),
				"--eventwire.consumer.concurrency=" + CONCURRENCY)) {
			return progress.await(Duration.ofMinutes(5));
		}
	}

	Measurement headerReadingListener() throws Exception {
		return listener(HeaderReadingListenerApp.class);
	}

	Measurement bareListener() throws Exception {
		return listener(BareListenerApp.class);
	}

	private Measurement listener(Class<?> app) throws Exception {
		Progress progress = new Progress(this.infrastructure, this.events);
		try (ConfigurableApplicationContext context = start(app, progress, "--eventwire.enabled=false",
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
	@Import(BenchTranslator.class)
	static class UpcastingApp {

		// A step from version 1 to 2 that these events, at the handler's version 1, never take.
		@Bean
		EventUpcaster benchEventV1ToV2() {
			return EventUpcaster.of(TOPIC, "bench_event", 1, (payload) -> payload);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(HeaderReadingListener.class)
	static class HeaderReadingListenerApp {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(BareListener.class)
	static class BareListenerApp {

	}

	/** Binds a payload as the translator's handler is bound, and counts it. */
	abstract static class Listener {

		private final JsonMapper jsonMapper;

		private final Progress progress;

		Listener(JsonMapper jsonMapper, Progress progress) {
			this.jsonMapper = jsonMapper;
			this.progress = progress;
		}

		void handle(byte[] value) {
			BenchEvent event = this.jsonMapper.readValue(value, BenchEvent.class);
			if (event.seq() >= 0) {
				this.progress.handled();
			}
		}

	}

	/**
	 * What a user would write for a topic in the wire format: the event's type from its header, the
	 * correlation id in the MDC while the handler runs.
	 */
	static class HeaderReadingListener extends Listener {

		HeaderReadingListener(JsonMapper jsonMapper, Progress progress) {
			super(jsonMapper, progress);
		}

		@KafkaListener(topics = TOPIC)
		void on(ConsumerRecord<String, byte[]> record) {
			Header type = record.headers().lastHeader("type");
			if (type == null || !"bench_event".equals(new String(type.value(), StandardCharsets.UTF_8))) {
				return;
			}
			Header correlationId = record.headers().lastHeader("correlation_id");
			try (MDC.MDCCloseable mdc = MDC.putCloseable(CorrelationId.DEFAULT_MDC_KEY,
					(correlationId != null) ? new String(correlationId.value(), StandardCharsets.UTF_8) : null)) {
				handle(record.value());
			}
		}

	}

	static class BareListener extends Listener {

		BareListener(JsonMapper jsonMapper, Progress progress) {
			super(jsonMapper, progress);
		}

		@KafkaListener(topics = TOPIC)
		void on(ConsumerRecord<String, byte[]> record) {
			handle(record.value());
		}

	}

}
