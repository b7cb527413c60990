package io.eventwire.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * The goals of a run, each with its figure, its spread and whether it is met: the first section of
 * the report.
 */
final class GoalsTable {

	static final double RELAY_COMMANDS_GOAL = 0.01;

	static final double RELAY_CPU_GOAL = 25;

	static final double CPU_RATIO_GOAL = 1.10;

	private final Benchmarks.Report report;

	private final StringBuilder out = new StringBuilder();

	private GoalsTable(Benchmarks.Report report) {
		this.report = report;
	}

	static String markdown(Benchmarks.Report report) {
		GoalsTable table = new GoalsTable(report);
		table.goals();
		return table.out.toString();
	}

	private void goals() {
		line("## Goals%n");
		line("| goal | figure | spread | met |%n|---|---|---|---|");
		find("Outbox relay").ifPresent((relay) -> {
			goal("Relay: MongoDB commands per event ≤ " + RELAY_COMMANDS_GOAL, relay.eventwire(), Cost::mongoCommands,
					"%.4f", RELAY_COMMANDS_GOAL);
			goal("Relay: CPU per event ≤ " + (int) RELAY_CPU_GOAL + " µs", relay.eventwire(), Cost::cpuMicros,
					"%.1f µs", RELAY_CPU_GOAL);
		});
		find(ConsumeWorkload.SAME_WORK).ifPresent((consume) -> cpuRatioGoal("Consume", consume));
		find(ConsumeWorkload.UPCASTERS)
			.ifPresent((consume) -> cpuRatioGoal("Consume with upcasters declared (events at the handler's version)",
					consume));
		find(ConsumeWorkload.BARE).ifPresent((consume) -> cpuRatioRow(
				"Consume, for scale (no goal): CPU per event against a bare @KafkaListener reading no header", consume,
				(ratio) -> "—"));
		find("Publish").ifPresent((publish) -> cpuRatioGoal("Publish", publish));
		this.report.rates()
			.stream()
			.filter((result) -> result.workload().startsWith(ParallelWorkload.NAME))
			.forEach((parallel) -> line("| Parallel: rate ≥ %.1f × %s | %.2f × (%,.0f against %,.0f events/s) | %.2f–%.2f | %s |",
					parallel.goal(), parallel.baselineName(), parallel.ratio(),
					Stats.median(parallel.eventwire().stream().map(Measurement::rate).toList()),
					Stats.median(parallel.baseline().stream().map(Measurement::rate).toList()), Stats.min(parallel.ratios()),
					Stats.max(parallel.ratios()), mark(parallel.ratio() >= parallel.goal())));
		if (this.report.parallelBacklogs().size() > 1) {
			ParallelMemoryWorkload.Backlog small = this.report.parallelBacklogs().get(0);
			ParallelMemoryWorkload.Backlog large = this.report.parallelBacklogs().get(this.report.parallelBacklogs().size() - 1);
			line("| Parallel, backlog of %,d against %,d: peak heap stays flat (≤ +16 MB) | %+.1f MB | — | %s |",
					large.events(), small.events(), large.peakHeap() - small.peakHeap(),
					mark(large.peakHeap() - small.peakHeap() <= 16));
		}
		for (LatencyResult wakeUp : this.report.latencies()) {
			if (!wakeUp.variant().contains("wakeup")) {
				continue;
			}
			this.report.latencies()
				.stream()
				.filter((floor) -> floor.floor() && floor.rate() == wakeUp.rate())
				.findFirst()
				.ifPresent((floor) -> {
					double limit = 2 * floor.median(Percentiles::p99);
					double p99 = wakeUp.median(Percentiles::p99);
					line("| Latency at %,d events/s: p99 with the wakeup < 2 × the floor's p99 (%.1f ms) | %.1f ms | "
							+ "%.1f–%.1f ms | %s |", wakeUp.rate(), limit, p99, Stats.min(wakeUp.p99s()),
							Stats.max(wakeUp.p99s()), mark(p99 < limit));
				});
		}
		if (this.report.scaling().size() > 1) {
			RelayScalingWorkload.Drain many = this.report.scaling().get(this.report.scaling().size() - 1);
			int share = 16 / many.instances().size();
			boolean even = many.instances().stream().allMatch((instance) -> instance.shards() == share);
			line("| %d relay instances: the 16 shards split evenly | %s shards | — | %s |", many.instances().size(),
					String.join(" / ", many.instances().stream().map((instance) -> "" + instance.shards()).toList()),
					mark(even));
		}
		if (this.report.drains().size() > 1) {
			RelayMemoryWorkload.Drain small = this.report.drains().get(0);
			RelayMemoryWorkload.Drain large = this.report.drains().get(this.report.drains().size() - 1);
			line("| Backlog of %,d against %,d: the relay's peak heap stays flat (≤ +16 MB) | %+.1f MB | — | %s |",
					large.events(), small.events(), large.peakHeap() - small.peakHeap(),
					mark(large.peakHeap() - small.peakHeap() <= 16));
			double smallRelay = small.firstBatchMillis() - small.queryMillis();
			double largeRelay = large.firstBatchMillis() - large.queryMillis();
			line("| Backlog of %,d against %,d: time to the first published batch, less the server's part, stays flat "
					+ "(≤ +1 s) | %,.0f ms against %,.0f ms | — | %s |", large.events(), small.events(), largeRelay,
					smallRelay, mark(largeRelay - smallRelay <= 1_000));
		}
		line("");
	}

	private void cpuRatioGoal(String name, Result result) {
		String goal = String.format(Locale.ROOT, "%s: CPU per event ≤ %.2f × %s", name, CPU_RATIO_GOAL,
				result.baselineName());
		cpuRatioRow(goal, result, (ratio) -> mark(ratio <= CPU_RATIO_GOAL));
	}

	// The median of the repetitions' CPU ratios, both sides' CPU per event and the ratios' spread.
	private void cpuRatioRow(String label, Result result, DoubleFunction<String> met) {
		List<Double> ratios = result.ratios((measurement) -> measurement.cost().cpuMicros());
		double ratio = Stats.median(ratios);
		line("| %s | %.2f × (%.1f against %.1f µs) | %.2f–%.2f | %s |", label, ratio,
				Result.median(result.eventwire(), Cost::cpuMicros), Result.median(result.baseline(), Cost::cpuMicros),
				Stats.min(ratios), Stats.max(ratios), met.apply(ratio));
	}

	private void goal(String name, List<Measurement> side, ToDoubleFunction<Cost> figure, String format, double limit) {
		List<Double> values = Result.values(side, figure);
		double median = Stats.median(values);
		line("| %s | " + format + " | " + format + "–" + format + " | %s |", name, median, Stats.min(values),
				Stats.max(values), mark(median <= limit));
	}

	private Optional<Result> find(String prefix) {
		return this.report.rates().stream().filter((result) -> result.workload().startsWith(prefix)).findFirst();
	}

	private static String mark(boolean met) {
		return ResultsTable.mark(met);
	}

	private void line(String format, Object... args) {
		this.out.append(String.format(Locale.ROOT, format, args)).append('\n');
	}

}
