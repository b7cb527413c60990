package io.eventwire.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs every workload, eventwire and its baseline alternately in the same JVM on the same broker and
 * database, repeats them, and writes a Markdown table of the ratios (eventwire / baseline): the
 * machines these run on are noisy, ratios measured side by side are not.
 * <p>
 * {@code java -jar eventwire-benchmarks.jar [--smoke] [--repetitions=N] [--workloads=consume,publish,relay] [--results=path]}
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
	 * @param keys distinct keys
	 * @param repetitions repetitions of each workload
	 */
	public record Options(int consumeEvents, int publishEvents, int relayEvents, int keys, int repetitions,
			Set<String> workloads) {

		/**
		 * The full run the results are measured with. The relay drains 20,000 entries, not 100,000:
		 * mongo-java-server ignores secondary indexes, so each relay query (and each page of the
		 * baseline) scans the whole collection and a 100,000 backlog takes many minutes on both sides;
		 * {@code --relay-events=100000} runs it anyway.
		 */
		public static Options full() {
			return new Options(200_000, 200_000, 20_000, 50_000, 3, ALL);
		}

		/** A small run that proves the harness works. */
		public static Options smoke() {
			return new Options(2_000, 2_000, 1_000, 500, 1, ALL);
		}

		Options with(int repetitions, Set<String> workloads) {
			return new Options(this.consumeEvents, this.publishEvents, this.relayEvents, this.keys, repetitions,
					workloads);
		}

	}

	private static final Set<String> ALL = Set.of("consume", "publish", "relay");

	/**
	 * One workload's repetitions.
	 *
	 * @param workload what was measured
	 * @param goal the ratio it should reach
	 * @param eventwire eventwire's rates (events/s), one per repetition
	 * @param baseline the baseline's rates
	 */
	public record Result(String workload, double goal, List<Double> eventwire, List<Double> baseline) {

		List<Double> ratios() {
			List<Double> ratios = new ArrayList<>();
			for (int i = 0; i < this.eventwire.size(); i++) {
				ratios.add(this.eventwire.get(i) / this.baseline.get(i));
			}
			return ratios;
		}

		/** @return the median ratio */
		public double ratio() {
			return median(ratios());
		}

		String row() {
			List<Double> ratios = ratios();
			return String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.2f–%.2f | ≥ %.2f %s |", this.workload,
					median(this.eventwire), median(this.baseline), ratio(), min(ratios), max(ratios), this.goal,
					(ratio() >= this.goal) ? "✔" : "✘");
		}

	}

	public static void main(String[] args) throws Exception {
		List<String> arguments = Arrays.asList(args);
		Options options = arguments.contains("--smoke") ? Options.smoke() : Options.full();
		for (String argument : arguments) {
			if (argument.startsWith("--repetitions=")) {
				options = options.with(Integer.parseInt(argument.substring("--repetitions=".length())),
						options.workloads());
			}
			if (argument.startsWith("--relay-events=")) {
				options = new Options(options.consumeEvents(), options.publishEvents(),
						Integer.parseInt(argument.substring("--relay-events=".length())), options.keys(),
						options.repetitions(), options.workloads());
			}
			if (argument.startsWith("--workloads=")) {
				options = options.with(options.repetitions(),
						Set.of(argument.substring("--workloads=".length()).split(",")));
			}
		}
		List<Result> results = run(options);
		String table = table(options, results);
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
	public static List<Result> run(Options options) throws Exception {
		List<Result> results = new ArrayList<>();
		try (Infrastructure infrastructure = new Infrastructure()) {
			if (options.workloads().contains("consume")) {
				results.add(report(consume(infrastructure, options)));
			}
			if (options.workloads().contains("publish")) {
				results.add(report(publish(infrastructure, options)));
			}
			if (options.workloads().contains("relay")) {
				results.add(report(relay(infrastructure, options)));
			}
		}
		return results;
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

	static String table(Options options, List<Result> results) {
		StringBuilder out = new StringBuilder("# eventwire benchmark results\n\n");
		out.append(String.format(Locale.ROOT,
				"Date %s · Java %s (%s) · %d cores · max heap %d MB · %d repetitions (medians; spread = min–max of the per-repetition ratios)%n%n",
				LocalDate.now(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
				Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
				options.repetitions()));
		out.append(String.format(Locale.ROOT,
				"Sizes: consume %,d events, publish %,d events, relay %,d outbox entries; ~1 KB JSON, 6 partitions, %,d keys; "
						+ "embedded KRaft broker and mongo-java-server in the benchmark's JVM.%n%n",
				options.consumeEvents(), options.publishEvents(), options.relayEvents(), options.keys()));
		out.append("| workload | eventwire | baseline | ratio | spread | goal |\n|---|---|---|---|---|---|\n");
		results.forEach((result) -> out.append(result.row()).append('\n'));
		return out.toString();
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
