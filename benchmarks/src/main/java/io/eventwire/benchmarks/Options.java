package io.eventwire.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The sizes of a run. Each can be set on the command line as {@code --name=value}, lists separated
 * by commas: {@code --repetitions=1 --workloads=relay,latency --latency-rates=500}.
 *
 * @param consumeEvents events consumed per repetition
 * @param publishEvents events published per repetition
 * @param relayEvents outbox entries drained per repetition
 * @param comparisonEvents events written through the outbox and Spring Modulith per repetition
 * @param latencySeconds how long each latency run writes
 * @param latencyRates the rates (events/s) latency is measured at; the first also for the polling
 * relay and Spring Modulith
 * @param keys distinct keys
 * @param repetitions repetitions of each workload
 * @param cpuRepetitions repetitions of the consume and publish workloads, whose CPU time per event
 * against the baseline's is a goal within a tenth: one repetition's ratio can be that far off
 * @param workloads the workloads to run
 * @param mongoUri a real MongoDB to run against, or {@code null} for mongo-java-server in a process
 * of its own
 * @param relayMemoryEvents the backlogs the relay starts on, smallest first
 * @param relayMemoryDrained how much of each backlog the relay drains while its heap is sampled
 * @param scalingEvents entries drained by one and by several relay instances
 * @param scalingInstances how many relay instances share the outbox
 * @param quickDispatch whether the dispatch benchmark runs briefly, in this JVM
 * @param parallelEvents events consumed per repetition of the parallel workload
 * @param parallelKeys distinct keys of the parallel workload
 * @param parallelMemoryEvents the backlogs keys side by side start on, smallest first
 * @param parallelMemoryWindow how long each of those backlogs is consumed while the heap is sampled
 */
public record Options(int consumeEvents, int publishEvents, int relayEvents, int comparisonEvents, int latencySeconds,
		List<Integer> latencyRates, int keys, int repetitions, int cpuRepetitions, Set<String> workloads,
		@Nullable String mongoUri, List<Integer> relayMemoryEvents, int relayMemoryDrained, int scalingEvents,
		int scalingInstances, boolean quickDispatch, int parallelEvents, int parallelKeys, List<Integer> parallelMemoryEvents,
		Duration parallelMemoryWindow) {

	static final Set<String> ALL = Set.of("consume", "parallel", "parallel-memory", "key-order", "publish", "relay", "modulith", "latency",
			"relay-memory", "relay-scaling", "dispatch");

	/**
	 * The full run the results are measured with. The relay drains 20,000 entries, not 100,000:
	 * mongo-java-server has no ordered indexes, so each relay query (and each page of the baseline)
	 * sorts every pending entry, and a 100,000 backlog takes minutes on both sides.
	 */
	public static Options full() {
		return new Options(500_000, 500_000, 20_000, 5_000, 10, List.of(500, 2_000), 50_000, 3, 9, ALL, null,
				List.of(100_000, 1_000_000), 100_000, 40_000, 4, false, 150_000, 10_000,
				List.of(100_000, 1_000_000), Duration.ofSeconds(16));
	}

	/** A small run that proves the harness works. */
	public static Options smoke() {
		return new Options(2_000, 2_000, 1_000, 500, 1, List.of(500, 2_000), 500, 1, 1, ALL, null,
				List.of(1_000, 5_000), 2_000, 2_000, 2, true, 600, 500, List.of(2_000, 10_000),
				Duration.ofSeconds(4));
	}

	/**
	 * @param arguments {@code --smoke} for the small run, then {@code --name=value} for each size to
	 * change; other arguments are left to the caller
	 */
	static Options parse(List<String> arguments) {
		Options defaults = arguments.contains("--smoke") ? smoke() : full();
		Map<String, String> given = new HashMap<>();
		for (String argument : arguments) {
			int equals = argument.indexOf('=');
			if (argument.startsWith("--") && equals > 2) {
				given.put(argument.substring(2, equals), argument.substring(equals + 1));
			}
		}
		return new Options(number(given, "consume-events", defaults.consumeEvents),
				number(given, "publish-events", defaults.publishEvents), number(given, "relay-events", defaults.relayEvents),
				number(given, "comparison-events", defaults.comparisonEvents),
				number(given, "latency-seconds", defaults.latencySeconds),
				numbers(given, "latency-rates", defaults.latencyRates), number(given, "keys", defaults.keys),
				number(given, "repetitions", defaults.repetitions),
				number(given, "cpu-repetitions", defaults.cpuRepetitions),
				given.containsKey("workloads") ? Set.of(given.get("workloads").split(",")) : defaults.workloads,
				given.getOrDefault("mongo-uri", defaults.mongoUri),
				numbers(given, "relay-memory-events", defaults.relayMemoryEvents),
				number(given, "relay-memory-drained", defaults.relayMemoryDrained),
				number(given, "scaling-events", defaults.scalingEvents),
				number(given, "scaling-instances", defaults.scalingInstances), defaults.quickDispatch,
				number(given, "parallel-events", defaults.parallelEvents), number(given, "parallel-keys", defaults.parallelKeys),
				numbers(given, "parallel-memory-events", defaults.parallelMemoryEvents),
				given.containsKey("parallel-memory-seconds")
						? Duration.ofSeconds(Long.parseLong(given.get("parallel-memory-seconds"))) : defaults.parallelMemoryWindow);
	}

	private static int number(Map<String, String> given, String name, int otherwise) {
		return given.containsKey(name) ? Integer.parseInt(given.get(name)) : otherwise;
	}

	private static List<Integer> numbers(Map<String, String> given, String name, List<Integer> otherwise) {
		return given.containsKey(name) ? Arrays.stream(given.get(name).split(",")).map(Integer::valueOf).toList()
				: otherwise;
	}

}
