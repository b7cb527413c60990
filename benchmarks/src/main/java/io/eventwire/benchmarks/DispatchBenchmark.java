package io.eventwire.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.consume.EventListenerContainers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.listener.MessageListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dispatch path alone, without Kafka: one record handed to eventwire's listener (type header,
 * handler lookup, correlation scope, binding, metadata, metrics, the handler call), against a raw
 * listener that binds the same record with the same mapper and calls the same handler. The
 * listener is the one eventwire's auto-configuration builds, taken from a context whose consumers
 * do not start. The handler of {@code eventwire} takes the event's metadata, the one of
 * {@code eventwireWithoutMetadata} the payload alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = "-Xmx512m")
public class DispatchBenchmark {

	static final String TOPIC = "bench-dispatch";

	static final String PLAIN_TOPIC = "bench-dispatch-plain";

	private ConfigurableApplicationContext context;

	private MessageListener<String, byte[]> eventwire;

	private JsonMapper jsonMapper;

	private ConsumerRecord<String, byte[]> record;

	private ConsumerRecord<String, byte[]> plainRecord;

	private Sink sink;

	@Setup(Level.Trial)
	@SuppressWarnings("unchecked")
	public void start() {
		this.sink = new Sink();
		this.context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.initializers((context) -> context.getBeanFactory().registerSingleton("dispatchSink", this.sink))
			.run(Workloads.args("localhost:9", "mongodb://localhost:9/bench", "--eventwire.service-name=bench-dispatch",
					"--eventwire.consumer.auto-startup=false", "--spring.kafka.admin.auto-create=false"));
		this.eventwire = (MessageListener<String, byte[]>) this.context.getBean(EventListenerContainers.class)
			.getContainers()
			.get(0)
			.getContainerProperties()
			.getMessageListener();
		this.jsonMapper = this.context.getBean(JsonMapper.class);
		this.record = record(TOPIC);
		this.plainRecord = record(PLAIN_TOPIC);
	}

	private ConsumerRecord<String, byte[]> record(String topic) {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, 0, 0, "key-1",
				this.jsonMapper.writeValueAsBytes(BenchEvent.of(1)));
		record.headers()
			.add("type", "bench_event".getBytes(StandardCharsets.UTF_8))
			.add("event_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
			.add("correlation_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
		return record;
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public void eventwire(Blackhole blackhole) {
		this.sink.blackhole = blackhole;
		this.eventwire.onMessage(this.record);
	}

	@Benchmark
	public void eventwireWithoutMetadata(Blackhole blackhole) {
		this.sink.blackhole = blackhole;
		this.eventwire.onMessage(this.plainRecord);
	}

	@Benchmark
	public void rawListener(Blackhole blackhole) {
		BenchEvent event = this.jsonMapper.readValue(this.record.value(), BenchEvent.class);
		blackhole.consume(event);
		blackhole.consume(this.record);
	}

	/** Where the handler puts what it received, so that nothing is optimized away. */
	public static final class Sink {

		Blackhole blackhole;

	}

	@EventTranslator(topics = TOPIC)
	static class DispatchTranslator {

		private final Sink sink;

		DispatchTranslator(Sink sink) {
			this.sink = sink;
		}

		@OnEvent("bench_event")
		void on(BenchEvent event, EventMetadata metadata) {
			Blackhole blackhole = this.sink.blackhole;
			blackhole.consume(event);
			blackhole.consume(metadata);
		}

	}

	// A handler without EventMetadata, as the consume workload's: no metadata is built for it.
	@EventTranslator(topics = PLAIN_TOPIC)
	static class PlainDispatchTranslator {

		private final Sink sink;

		PlainDispatchTranslator(Sink sink) {
			this.sink = sink;
		}

		@OnEvent("bench_event")
		void on(BenchEvent event) {
			this.sink.blackhole.consume(event);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ DispatchTranslator.class, PlainDispatchTranslator.class })
	static class App {

	}

}
