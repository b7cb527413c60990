package io.eventwire.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Runs every workload, eventwire and its baseline alternately in the same JVM on the same broker and
 * database, repeats them, and writes a Markdown table of the ratios (eventwire / baseline): the
 * machines these run on are noisy, ratios measured side by side are not.
 * <p>
 * {@code java -jar eventwire-benchmarks.jar [--smoke] [--repetitions=N] [--workloads=consume,key-order,publish,relay,modulith,latency,relay-memory]
 * [--relay-events=N] [--comparison-events=N] [--latency-events=N] [--relay-memory-events=N,M]
 * [--mongo-uri=mongodb://host:port]
 * [--results=path]}
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	/**
	 * The sizes of a run.
	 *
	 * @param consumeEvents events consumed per repetition
	 * @param publishEvents events published per repetition
	 * @param relayEvents outbox entries drained per repetition
	 * @param comparisonEvents events written through the outbox and Spring Modulith per repetition
	 * @param latencyEvents events timed from write to handler per repetition
	 * @param latencyRate events written per second in the latency workload
	 * @param keys distinct keys
	 * @param repetitions repetitions of each workload
	 * @param workloads the workloads to run
	 * @param mongoUri a real MongoDB to run against, or {@code null} for the embedded mongo-java-server
	 * @param relayMemoryEvents the backlogs the relay's heap is measured with, smallest first
	 */
	public record Options(int consumeEvents, int publishEvents, int relayEvents, int comparisonEvents,
			int latencyEvents, int latencyRate, int keys, int repetitions, Set<String> workloads,
			@Nullable String mongoUri, List<Integer> relayMemoryEvents) {

		/**
		 * The full run the results are measured with. The relay drains 20,000 entries, not 100,000:
		 * mongo-java-server ignores secondary indexes, so each relay query (and each page of the
		 * baseline) scans the whole collection and a 100,000 backlog takes many minutes on both sides;
		 * {@code --relay-events=100000} runs it anyway.
		 */
		public static Options full() {
			return new Options(200_000, 200_000, 20_000, 5_000, 10_000, 500, 50_000, 3, ALL, null,
					List.of(20_000, 200_000));
		}

		/** A small run that proves the harness works. */
		public static Options smoke() {
			return new Options(2_000, 2_000, 1_000, 500, 300, 500, 500, 1, ALL, null, List.of(1_000, 5_000));
		}

		Options withRepetitions(int repetitions) {
			return new Options(this.consumeEvents, this.publishEvents, this.relayEvents, this.comparisonEvents,
					this.latencyEvents, this.latencyRate, this.keys, repetitions, this.workloads, this.mongoUri, this.relayMemoryEvents);
		}

		Options withWorkloads(Set<String> workloads) {
			return new Options(this.consumeEvents, this.publishEvents, this.relayEvents, this.comparisonEvents,
					this.latencyEvents, this.latencyRate, this.keys, this.repetitions, workloads, this.mongoUri, this.relayMemoryEvents);
		}

		Options withLatencyEvents(int latencyEvents) {
			return new Options(this.consumeEvents, this.publishEvents, this.relayEvents, this.comparisonEvents,
					latencyEvents, this.latencyRate, this.keys, this.repetitions, this.workloads, this.mongoUri, this.relayMemoryEvents);
		}

		Options withComparisonEvents(int comparisonEvents) {
			return new Options(this.consumeEvents, this.publishEvents, this.relayEvents, comparisonEvents,
					this.latencyEvents, this.latencyRate, this.keys, this.repetitions, this.workloads, this.mongoUri, this.relayMemoryEvents);
		}

		Options withRelayMemoryEvents(List<Integer> relayMemoryEvents) {
			return new Options(this.consumeEvents, this.publishEvents, this.relayEvents, this.comparisonEvents,
					this.latencyEvents, this.latencyRate, this.keys, this.repetitions, this.workloads, this.mongoUri,
					relayMemoryEvents);
		}

		Options withMongoUri(String mongoUri) {
			return new Options(this.consumeEvents, this.publishEvents, this.relayEvents, this.comparisonEvents,
					this.latencyEvents, this.latencyRate, this.keys, this.repetitions, this.workloads, mongoUri, this.relayMemoryEvents);
		}

		Options withRelayEvents(int relayEvents) {
			return new Options(this.consumeEvents, this.publishEvents, relayEvents, this.comparisonEvents,
					this.latencyEvents, this.latencyRate, this.keys, this.repetitions, this.workloads, this.mongoUri, this.relayMemoryEvents);
		}

	}

	private static final Set<String> ALL = Set.of("consume", "key-order", "publish", "relay", "modulith", "latency",
			"relay-memory");

	/**
	 * One workload's repetitions.
	 *
	 * @param workload what was measured
	 * @param goal the ratio it should reach
	 * @param eventwire eventwire's measurements, one per repetition
	 * @param baseline the baseline's measurements
	 */
	public record Result(String workload, double goal, List<Measurement> eventwire, List<Measurement> baseline) {

		List<Double> ratios() {
			List<Double> ratios = new ArrayList<>();
			for (int i = 0; i < this.eventwire.size(); i++) {
				ratios.add(this.eventwire.get(i).rate() / this.baseline.get(i).rate());
			}
			return ratios;
		}

		/** @return the median ratio */
		public double ratio() {
			return Benchmarks.median(ratios());
		}

		String row() {
			List<Double> ratios = ratios();
			return String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.2f–%.2f | ≥ %.2f %s |", this.workload,
					median(this.eventwire, Measurement::rate), median(this.baseline, Measurement::rate), ratio(),
					min(ratios), max(ratios), this.goal, (ratio() >= this.goal) ? "✔" : "✘");
		}

		boolean hasMemory() {
			return !this.eventwire.isEmpty() && this.eventwire.stream().allMatch(Measurement::hasMemory);
		}

		String memoryRow() {
			return String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.0f | %.0f |",
					this.workload.substring(0, this.workload.indexOf(':')),
					median(this.eventwire, Measurement::bytesPerEvent), median(this.baseline, Measurement::bytesPerEvent),
					median(this.eventwire, Measurement::bytesPerEvent) / median(this.baseline, Measurement::bytesPerEvent),
					median(this.eventwire, Measurement::heapAfterGc), median(this.baseline, Measurement::heapAfterGc));
		}

		private static double median(List<Measurement> measurements,
				java.util.function.ToDoubleFunction<Measurement> value) {
			return Benchmarks.median(measurements.stream().map(value::applyAsDouble).toList());
		}

	}

	/**
	 * One latency variant's repetitions.
	 *
	 * @param variant what was measured
	 * @param p99Goal the p99 it should stay under (ms), or 0 for none
	 * @param runs the percentiles of each repetition
	 */
	public record LatencyResult(String variant, double p99Goal, List<LatencyWorkload.Percentiles> runs) {

		double median(java.util.function.ToDoubleFunction<LatencyWorkload.Percentiles> percentile) {
			return Benchmarks.median(this.runs.stream().map(percentile::applyAsDouble).toList());
		}

		String row() {
			List<Double> p99s = this.runs.stream().map(LatencyWorkload.Percentiles::p99).toList();
			String goal = (this.p99Goal > 0)
					? String.format(Locale.ROOT, "p99 < %.0f ms %s", this.p99Goal,
							(median(LatencyWorkload.Percentiles::p99) < this.p99Goal) ? "✔" : "✘")
					: "—";
			return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f–%.1f | %.1f | %.0f / %.0f | %s |",
					this.variant, median(LatencyWorkload.Percentiles::p50), median(LatencyWorkload.Percentiles::p95),
					median(LatencyWorkload.Percentiles::p99), min(p99s), max(p99s),
					median(LatencyWorkload.Percentiles::max), median(LatencyWorkload.Percentiles::toKafkaP50),
					median(LatencyWorkload.Percentiles::fromKafkaP50), goal);
		}

	}

	/**
	 * Everything one run measured.
	 *
	 * @param rates the throughput workloads
	 * @param latencies the latency variants
	 * @param drains the relay's heap at each backlog
	 */
	public record Report(List<Result> rates, List<LatencyResult> latencies, List<RelayMemoryWorkload.Drain> drains) {

	}

	public static void main(String[] args) throws Exception {
		List<String> arguments = Arrays.asList(args);
		Options options = arguments.contains("--smoke") ? Options.smoke() : Options.full();
		for (String argument : arguments) {
			if (argument.startsWith("--repetitions=")) {
				options = options.withRepetitions(Integer.parseInt(argument.substring("--repetitions=".length())));
			}
			if (argument.startsWith("--relay-events=")) {
				options = options.withRelayEvents(Integer.parseInt(argument.substring("--relay-events=".length())));
			}
			if (argument.startsWith("--latency-events=")) {
				options = options.withLatencyEvents(Integer.parseInt(argument.substring("--latency-events=".length())));
			}
			if (argument.startsWith("--comparison-events=")) {
				options = options
					.withComparisonEvents(Integer.parseInt(argument.substring("--comparison-events=".length())));
			}
			if (argument.startsWith("--relay-memory-events=")) {
				options = options.withRelayMemoryEvents(Arrays.stream(argument.substring("--relay-memory-events=".length())
					.split(",")).map(Integer::valueOf).toList());
			}
			if (argument.startsWith("--mongo-uri=")) {
				options = options.withMongoUri(argument.substring("--mongo-uri=".length()));
			}
			if (argument.startsWith("--workloads=")) {
				options = options.withWorkloads(Set.of(argument.substring("--workloads=".length()).split(",")));
			}
		}
		Report report = run(options);
		String table = table(options, report);
		System.out.println(table);
		for (String argument : arguments) {
			if (argument.startsWith("--results=")) {
				Path path = Path.of(argument.substring("--results=".length()));
				Files.createDirectories(path.toAbsolutePath().getParent());
				Files.writeString(path, table);
			}
		}
		System.exit(0);
	}

	/**
	 * Run every workload.
	 * @param options the sizes
	 * @return the results
	 * @throws Exception when a workload fails
	 */
	public static Report run(Options options) throws Exception {
		List<Result> results = new ArrayList<>();
		List<LatencyResult> latencies = new ArrayList<>();
		List<RelayMemoryWorkload.Drain> drains = new ArrayList<>();
		try (Infrastructure infrastructure = new Infrastructure(options.mongoUri())) {
			if (options.workloads().contains("consume")) {
				results.add(report(consume(infrastructure, options)));
			}
			if (options.workloads().contains("key-order")) {
				results.add(report(keyOrder(infrastructure, options)));
			}
			if (options.workloads().contains("publish")) {
				results.add(report(publish(infrastructure, options)));
			}
			if (options.workloads().contains("relay")) {
				results.add(report(relay(infrastructure, options)));
			}
			if (options.workloads().contains("modulith")) {
				results.add(report(modulith(infrastructure, options)));
			}
			if (options.workloads().contains("latency")) {
				latencies.addAll(latency(infrastructure, options));
				latencies.forEach((latency) -> System.out.println("RESULT " + latency.row()));
			}
			if (options.workloads().contains("relay-memory")) {
				try (RelayMemoryWorkload memory = new RelayMemoryWorkload(infrastructure, options.mongoUri())) {
					for (int events : options.relayMemoryEvents()) {
						RelayMemoryWorkload.Drain drain = memory.drain(events);
						System.out.println("RESULT " + drainRow(drain));
						drains.add(drain);
					}
				}
			}
		}
		return new Report(results, latencies, drains);
	}

	private static Result report(Result result) {
		System.out.println("RESULT " + result.row());
		return result;
	}

	private static Result consume(Infrastructure infrastructure, Options options) throws Exception {
		ConsumeWorkload consume = new ConsumeWorkload(infrastructure, options.consumeEvents(), options.keys());
		Result result = new Result("Consume: translator vs @KafkaListener (events/s)", 0.90, new ArrayList<>(),
				new ArrayList<>());
		consume.baseline(); // warm-up, not counted
		consume.eventwire();
		for (int i = 0; i < options.repetitions(); i++) {
			result.baseline().add(consume.baseline());
			result.eventwire().add(consume.eventwire());
		}
		return result;
	}

	private static Result keyOrder(Infrastructure infrastructure, Options options) throws Exception {
		KeyOrderWorkload keyOrder = new KeyOrderWorkload(infrastructure, options.consumeEvents(), options.keys());
		Result result = new Result("Consume: key order on, " + KeyOrderWorkload.PARKED
				+ " keys parked vs key-order=false (events/s)", 0.95, new ArrayList<>(), new ArrayList<>());
		keyOrder.baseline(); // warm-up, not counted
		keyOrder.eventwire();
		for (int i = 0; i < options.repetitions(); i++) {
			result.baseline().add(keyOrder.baseline());
			result.eventwire().add(keyOrder.eventwire());
		}
		return result;
	}

	private static Result publish(Infrastructure infrastructure, Options options) throws Exception {
		try (PublishWorkload publish = new PublishWorkload(infrastructure, options.publishEvents(), options.keys())) {
			Result result = new Result("Publish: publishAsync vs KafkaTemplate.send (events/s)", 0.90,
					new ArrayList<>(), new ArrayList<>());
			publish.baseline(); // warm-up, not counted
			publish.eventwire();
			for (int i = 0; i < options.repetitions(); i++) {
				result.baseline().add(publish.baseline());
				result.eventwire().add(publish.eventwire());
			}
			return result;
		}
	}

	private static Result relay(Infrastructure infrastructure, Options options) throws Exception {
		RelayWorkload relay = new RelayWorkload(infrastructure, options.relayEvents(), options.keys());
		Result result = new Result("Outbox relay: drain vs read-and-send loop (events/s)", 0.50, new ArrayList<>(),
				new ArrayList<>());
		try {
			relay.fill(); // warm-up, not counted
			relay.baseline();
			relay.eventwire();
			for (int i = 0; i < options.repetitions(); i++) {
				relay.fill();
				result.baseline().add(relay.baseline());
				result.eventwire().add(relay.eventwire());
			}
			return result;
		}
		finally {
			relay.close();
		}
	}

	private static Result modulith(Infrastructure infrastructure, Options options) throws Exception {
		OutboxComparisonWorkload comparison = new OutboxComparisonWorkload(infrastructure, options.comparisonEvents(),
				options.keys());
		Result result = new Result("Outbox write to Kafka: eventwire vs Spring Modulith 2.0.3 (events/s)", 1.10,
				new ArrayList<>(), new ArrayList<>());
		for (int i = 0; i < options.repetitions(); i++) {
			result.baseline().add(comparison.modulith());
			result.eventwire().add(comparison.eventwire());
		}
		return result;
	}

	private static List<LatencyResult> latency(Infrastructure infrastructure, Options options) throws Exception {
		try (LatencyWorkload latency = new LatencyWorkload(infrastructure, options.latencyEvents(),
				options.latencyRate(), options.keys())) {
			LatencyResult wakeUp = new LatencyResult("eventwire, after-commit wakeup", 50, new ArrayList<>());
			LatencyResult polling = new LatencyResult("eventwire, polling only (1 s)", 0, new ArrayList<>());
			LatencyResult modulith = new LatencyResult("Spring Modulith 2.0.3 externalization", 0, new ArrayList<>());
			LatencyResult direct = new LatencyResult("floor: publishAsync straight to Kafka, no outbox", 0,
					new ArrayList<>());
			for (int i = 0; i < options.repetitions(); i++) {
				direct.runs().add(latency.direct());
				wakeUp.runs().add(latency.eventwire(true));
				polling.runs().add(latency.eventwire(false));
				modulith.runs().add(latency.modulith());
			}
			return List.of(wakeUp, polling, modulith, direct);
		}
	}

	static String table(Options options, Report report) {
		StringBuilder out = new StringBuilder("# eventwire benchmark results\n\n");
		out.append(String.format(Locale.ROOT,
				"Date %s · Java %s (%s) · %d cores · max heap %d MB · %d repetitions (medians; spread = min–max of the per-repetition ratios)%n%n",
				LocalDate.now(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
				Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
				options.repetitions()));
		out.append(String.format(Locale.ROOT,
				"Sizes: consume %,d events, publish %,d events, relay %,d outbox entries, outbox comparison %,d events; "
						+ "~1 KB JSON, 6 partitions, %,d keys; embedded KRaft broker in the benchmark's JVM; %s.%n%n",
				options.consumeEvents(), options.publishEvents(), options.relayEvents(), options.comparisonEvents(),
				options.keys(), (options.mongoUri() != null) ? "MongoDB at " + options.mongoUri()
						: "mongo-java-server in the benchmark's JVM"));
		if (!report.rates().isEmpty()) {
			out.append("| workload | eventwire | baseline | ratio | spread | goal |\n|---|---|---|---|---|---|\n");
			report.rates().forEach((result) -> out.append(result.row()).append('\n'));
		}
		List<Result> withMemory = report.rates().stream().filter(Result::hasMemory).toList();
		if (!withMemory.isEmpty()) {
			out.append("\nMemory: bytes allocated per event by the working threads (consumers; publisher and producer I/O "
					+ "threads), and heap in use after a full GC at the end of a repetition with its context open "
					+ "(the broker and MongoDB server share that heap; medians):\n\n");
			out.append("| workload | eventwire B/event | baseline B/event | ratio | eventwire heap MB | baseline heap MB |\n"
					+ "|---|---|---|---|---|---|\n");
			withMemory.forEach((result) -> out.append(result.memoryRow()).append('\n'));
		}
		if (!report.latencies().isEmpty()) {
			out.append(String.format(Locale.ROOT,
					"%nLatency from outbox write commit to handler invocation in another context, %,d events at %,d events/s "
							+ "(ms; medians over the repetitions; spread = min–max p99):%n%n",
					options.latencyEvents(), options.latencyRate()));
			out.append("| variant | p50 | p95 | p99 | p99 spread | max | p50 commit→Kafka / Kafka→handler | goal |\n"
					+ "|---|---|---|---|---|---|---|---|\n");
			report.latencies().forEach((result) -> out.append(result.row()).append('\n'));
		}
		if (!report.drains().isEmpty()) {
			out.append("\nThe relay's heap while it drains a backlog (entries stored in a MongoDB server in another "
					+ "process; heap in use after a full GC, sampled every 2 s):\n\n");
			out.append("| backlog | events/s | heap before MB | peak while draining MB | growth MB |\n|---|---|---|---|---|\n");
			report.drains().forEach((drain) -> out.append(drainRow(drain)).append('\n'));
			RelayMemoryWorkload.Drain smallest = report.drains().get(0);
			RelayMemoryWorkload.Drain largest = report.drains().get(report.drains().size() - 1);
			out.append(String.format(Locale.ROOT,
					"%nA %,d× larger backlog: peak heap %.1f MB against %.1f MB (%+.1f MB).%n",
					largest.events() / smallest.events(), largest.peakHeap(), smallest.peakHeap(),
					largest.peakHeap() - smallest.peakHeap()));
		}
		return out.toString();
	}

	static String drainRow(RelayMemoryWorkload.Drain drain) {
		return String.format(Locale.ROOT, "| %,d | %,.0f | %.1f | %.1f | %.1f |", drain.events(), drain.rate(),
				drain.heapBefore(), drain.peakHeap(), drain.growth());
	}

	static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	static double min(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
	}

	static double max(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
	}

}
