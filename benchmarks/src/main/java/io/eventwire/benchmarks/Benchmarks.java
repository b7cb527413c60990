package io.eventwire.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs every workload, eventwire and its baseline alternately in the same JVM on the same broker and
 * database (each in a process of its own), repeats them, and writes a Markdown report of the rate
 * ratios (eventwire / baseline) and of what each side costs per event: the machines these run on
 * are noisy, ratios measured side by side are not.
 * <p>
 * {@code Benchmarks [--smoke] [--results=path] [--name=value ...]} with the sizes of {@link Options};
 * several arguments may come in one, separated by spaces (as Maven's exec plugin passes them).
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	/**
	 * Everything one run measured.
	 *
	 * @param rates the throughput workloads, with their costs
	 * @param latencies the latency variants
	 * @param drains the relay in front of each backlog
	 * @param scaling the relay drains by one and by several instances
	 * @param dispatch the dispatch path's JMH scores
	 * @param parallelBacklogs keys side by side in front of each backlog
	 */
	public record Report(List<Result> rates, List<LatencyResult> latencies, List<RelayMemoryWorkload.Drain> drains,
			List<RelayScalingWorkload.Drain> scaling, List<DispatchRun.Score> dispatch,
			List<ParallelMemoryWorkload.Backlog> parallelBacklogs) {

	}

	public static void main(String[] args) throws Exception {
		List<String> arguments = Arrays.stream(args).flatMap((arg) -> Arrays.stream(arg.trim().split("\\s+"))).toList();
		Options options = Options.parse(arguments);
		Report report = run(options);
		String table = ResultsTable.markdown(options, report);
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
		List<RelayScalingWorkload.Drain> scaling = new ArrayList<>();
		List<DispatchRun.Score> dispatch = new ArrayList<>();
		List<ParallelMemoryWorkload.Backlog> parallelBacklogs = new ArrayList<>();
		// The dispatch path first, while nothing else runs on the machine.
		if (options.workloads().contains("dispatch")) {
			dispatch.addAll(DispatchRun.run(options.quickDispatch()));
			dispatch.forEach((score) -> System.out.println("RESULT " + score));
		}
		try (Infrastructure infrastructure = new Infrastructure(options.mongoUri(), "6g")) {
			if (options.workloads().contains("consume")) {
				consume(infrastructure, options).forEach((result) -> results.add(report(result)));
			}
			if (options.workloads().contains("parallel")) {
				parallel(infrastructure, options).forEach((result) -> results.add(report(result)));
			}
			if (options.workloads().contains("parallel-memory")) {
				ParallelMemoryWorkload memory = new ParallelMemoryWorkload(infrastructure, options.parallelMemoryWindow());
				for (int events : options.parallelMemoryEvents()) {
					parallelBacklogs.add(memory.consume(events));
					System.out.println("RESULT " + parallelBacklogs.get(parallelBacklogs.size() - 1));
				}
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
			}
			if (options.workloads().contains("relay-scaling")) {
				RelayScalingWorkload workload = new RelayScalingWorkload(infrastructure, options.scalingEvents());
				for (int instances : List.of(1, options.scalingInstances())) {
					scaling.add(workload.drain(instances));
					System.out.println("RESULT " + scaling.get(scaling.size() - 1));
				}
			}
			if (options.workloads().contains("relay-memory")) {
				RelayMemoryWorkload memory = new RelayMemoryWorkload(infrastructure, options.relayMemoryDrained());
				for (int events : options.relayMemoryEvents()) {
					drains.add(memory.drain(events));
					System.out.println("RESULT " + drains.get(drains.size() - 1));
				}
			}
		}
		return new Report(results, latencies, drains, scaling, dispatch, parallelBacklogs);
	}

	private static Result report(Result result) {
		System.out.println("RESULT " + result.workload() + ": " + result.ratios());
		return result;
	}

	/**
	 * The translator against a listener doing the same work (the goal's baseline) and against a bare
	 * one, from the same rounds.
	 */
	private static List<Result> consume(Infrastructure infrastructure, Options options) throws Exception {
		ConsumeWorkload consume = new ConsumeWorkload(infrastructure, options.consumeEvents(), options.keys());
		List<List<Measurement>> sides = Repetitions.rounds(options.cpuRepetitions(),
				List.of(consume::headerReadingListener, consume::eventwire, consume::bareListener,
						consume::eventwireWithUpcasters));
		return List.of(
				new Result(ConsumeWorkload.SAME_WORK, "@KafkaListener reading the headers", 0.90, sides.get(1),
						sides.get(0)),
				new Result(ConsumeWorkload.BARE, "bare @KafkaListener", 0.90, sides.get(1), sides.get(2)),
				new Result(ConsumeWorkload.UPCASTERS, "@KafkaListener reading the headers", 0.90, sides.get(3),
						sides.get(0)));
	}

	/**
	 * Keys side by side against a listener with one event in flight per partition, and against
	 * Confluent's Parallel Consumer, from the same rounds.
	 */
	private static List<Result> parallel(Infrastructure infrastructure, Options options) throws Exception {
		ParallelWorkload parallel = new ParallelWorkload(infrastructure, options.parallelEvents(), options.parallelKeys());
		List<List<Measurement>> sides = Repetitions.rounds(options.repetitions(),
				List.of(parallel::listener, parallel::eventwire, parallel::parallelConsumer));
		String name = ParallelWorkload.NAME + ParallelWorkload.WAIT_MILLIS + " ms I/O handler, " + ParallelWorkload.CONCURRENCY
				+ " partitions, " + options.parallelKeys() + " keys, parallelism " + ParallelWorkload.PARALLELISM;
		System.out.printf("RESULT parallel: ideal %.0f events/s; eventwire at %s of it%n", parallel.idealRate(),
				sides.get(1).stream().map((side) -> String.format("%.2f", side.rate() / parallel.idealRate())).toList());
		List<Measurement> ideal = sides.get(1).stream().map((side) -> new Measurement(parallel.idealRate(), null)).toList();
		return List.of(
				new Result(name + " vs @KafkaListener concurrency 6", "@KafkaListener, concurrency 6", 20.0,
						sides.get(1), sides.get(0)),
				new Result(name + " vs Parallel Consumer 0.5.3.3 (KEY order, " + ParallelWorkload.SLOTS + " in flight)",
						"Parallel Consumer 0.5.3.3", 1.0, sides.get(1), sides.get(2)),
				new Result(name + " vs the ideal min(slots, keys) / " + ParallelWorkload.WAIT_MILLIS + " ms",
						"the ideal", 0.7, sides.get(1), ideal));
	}

	private static Result keyOrder(Infrastructure infrastructure, Options options) throws Exception {
		KeyOrderWorkload keyOrder = new KeyOrderWorkload(infrastructure, options.consumeEvents(), options.keys());
		Result result = new Result("Consume: key order on, " + KeyOrderWorkload.PARKED
				+ " keys parked vs key-order=false", "key-order=false", 0.95);
		Repetitions.pairs(result, options.repetitions(), keyOrder::eventwire, keyOrder::baseline);
		return result;
	}

	private static Result publish(Infrastructure infrastructure, Options options) throws Exception {
		try (PublishWorkload publish = new PublishWorkload(infrastructure, options.publishEvents(), options.keys())) {
			Result result = new Result("Publish: publishAsync vs KafkaTemplate.send", "KafkaTemplate.send", 0.90);
			Repetitions.pairs(result, options.cpuRepetitions(), publish::eventwire, publish::baseline);
			return result;
		}
	}

	private static Result relay(Infrastructure infrastructure, Options options) throws Exception {
		RelayWorkload relay = new RelayWorkload(infrastructure, options.relayEvents(), options.keys());
		Result result = new Result("Outbox relay: drain vs read-and-send loop", "read-and-send loop", 0.50);
		try {
			relay.fill(); // warm-up, not counted
			relay.baseline();
			relay.eventwire();
			for (int i = 0; i < options.repetitions(); i++) {
				relay.fill();
				result.baseline().add(Repetitions.settled(relay::baseline));
				result.eventwire().add(Repetitions.settled(relay::eventwire));
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
		Result result = new Result("Outbox write to Kafka: eventwire vs Spring Modulith 2.0.3", "Spring Modulith 2.0.3",
				1.10);
		for (int i = 0; i < options.repetitions(); i++) {
			result.baseline().add(comparison.modulith());
			result.eventwire().add(comparison.eventwire());
		}
		return result;
	}

	private static List<LatencyResult> latency(Infrastructure infrastructure, Options options) throws Exception {
		List<LatencyResult> results = new ArrayList<>();
		try (LatencyWorkload latency = new LatencyWorkload(infrastructure, options.latencySeconds(), options.keys())) {
			for (int rate : options.latencyRates()) {
				boolean first = rate == options.latencyRates().get(0);
				LatencyResult direct = new LatencyResult("floor: publishAsync straight to Kafka, no outbox", rate, true);
				LatencyResult wakeUp = new LatencyResult("eventwire, after-commit wakeup", rate, false);
				LatencyResult polling = new LatencyResult("eventwire, polling only (1 s)", rate, false);
				LatencyResult modulith = new LatencyResult("Spring Modulith 2.0.3 externalization", rate, false);
				for (int i = 0; i < options.repetitions(); i++) {
					direct.runs().add(latency.direct(rate));
					wakeUp.runs().add(latency.eventwire(true, rate));
					if (first) {
						polling.runs().add(latency.eventwire(false, rate));
						modulith.runs().add(latency.modulith(rate));
					}
				}
				results.addAll(first ? List.of(wakeUp, polling, modulith, direct) : List.of(wakeUp, direct));
				System.out.println("RESULT latency at " + rate + "/s: wakeup p99 " + wakeUp.p99s() + ", floor p99 "
						+ direct.p99s());
			}
		}
		return results;
	}

}
