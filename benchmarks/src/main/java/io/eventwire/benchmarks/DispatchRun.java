package io.eventwire.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link DispatchBenchmark} with JMH and its GC profiler (bytes allocated per operation).
 */
final class DispatchRun {

	/**
	 * One benchmark method's result.
	 *
	 * @param name the method: {@code eventwire} or {@code rawListener}
	 * @param nanos average time per record (ns)
	 * @param error JMH's 99.9 % error of that
	 * @param bytes bytes allocated per record
	 */
	record Score(String name, double nanos, double error, double bytes) {

	}

	private DispatchRun() {
	}

	/**
	 * @param quick one short iteration in this JVM (the smoke run), instead of JMH's forked run
	 */
	static List<Score> run(boolean quick) throws RunnerException {
		ChainedOptionsBuilder options = new OptionsBuilder().include(DispatchBenchmark.class.getName() + "\\.")
			.addProfiler(GCProfiler.class)
			.verbosity(quick ? VerboseMode.SILENT : VerboseMode.NORMAL);
		if (quick) {
			options.forks(0)
				.warmupIterations(1)
				.warmupTime(TimeValue.milliseconds(200))
				.measurementIterations(1)
				.measurementTime(TimeValue.milliseconds(200));
		}
		Collection<RunResult> results = new Runner(options.build()).run();
		List<Score> scores = new ArrayList<>();
		for (RunResult result : results) {
			String benchmark = result.getParams().getBenchmark();
			Result<?> primary = result.getPrimaryResult();
			scores.add(new Score(benchmark.substring(benchmark.lastIndexOf('.') + 1), primary.getScore(),
					primary.getScoreError(), allocationPerOperation(result.getSecondaryResults())));
		}
		return scores;
	}

	private static double allocationPerOperation(Map<String, Result> secondary) {
		return secondary.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().endsWith("gc.alloc.rate.norm"))
			.mapToDouble((entry) -> entry.getValue().getScore())
			.findFirst()
			.orElse(Double.NaN);
	}

}
