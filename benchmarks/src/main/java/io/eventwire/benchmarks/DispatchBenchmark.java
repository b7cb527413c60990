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
 * do not start.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = "-Xmx512m")
public class DispatchBenchmark {

	static final String TOPIC = "bench-dispatch";

	private ConfigurableApplicationContext context;

	private MessageListener<String, byte[]> eventwire;

	private JsonMapper jsonMapper;

	private ConsumerRecord<String, byte[]> record;

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
		this.record = new ConsumerRecord<>(TOPIC, 0, 0, "key-1",
				this.jsonMapper.writeValueAsBytes(BenchEvent.of(1)));
		this.record.headers()
			.add("type", "bench_event".getBytes(StandardCharsets.UTF_8))
			.add("event_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
			.add("correlation_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
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

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(DispatchTranslator.class)
	static class App {

	}

}
