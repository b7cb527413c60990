package io.eventwire.benchmarks;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The Markdown report of a run: the goals with their figures ({@link GoalsTable}), then each
 * measurement's table.
 */
final class ResultsTable {

	private final Options options;

	private final Benchmarks.Report report;

	private final StringBuilder out = new StringBuilder();

	private ResultsTable(Options options, Benchmarks.Report report) {
		this.options = options;
		this.report = report;
	}

	static String markdown(Options options, Benchmarks.Report report) {
		ResultsTable table = new ResultsTable(options, report);
		table.header();
		table.out.append(GoalsTable.markdown(report));
		table.rates();
		table.costs();
		table.latencies();
		table.scaling();
		table.backlogs();
		table.parallelBacklogs();
		table.dispatch();
		return table.out.toString();
	}

	private void header() {
		line("# eventwire benchmark results%n");
		line("Date %s · Java %s (%s) · %d cores · benchmark JVM max heap %d MB · %d repetitions, consume and publish "
				+ "%d (medians; spread = min–max over the repetitions)%n", LocalDate.now(),
				System.getProperty("java.version"), System.getProperty("java.vm.name"),
				Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
				this.options.repetitions(), this.options.cpuRepetitions());
		line("The application's JVM is the benchmark's own; the Kafka broker (KRaft, one node) runs in a process of its "
				+ "own, and so does %s. Sizes: consume %,d events, publish %,d, relay %,d outbox entries, outbox "
				+ "comparison %,d; ~1 KB JSON, 6 partitions, %,d keys.%n",
				(this.options.mongoUri() != null) ? "MongoDB (" + this.options.mongoUri() + ")"
						: "the MongoDB server (mongo-java-server 1.47, which ignores non-unique indexes, with the "
								+ "benchmark's index of their first field: a pending query reads the pending entries "
								+ "only, as on MongoDB, but still sorts them all)",
				this.options.consumeEvents(), this.options.publishEvents(), this.options.relayEvents(),
				this.options.comparisonEvents(), this.options.keys());
	}

	private void rates() {
		if (this.report.rates().isEmpty()) {
			return;
		}
		line("## Throughput (events/s)%n");
		line("| workload | eventwire | baseline | ratio | spread | goal |%n|---|---|---|---|---|---|");
		for (Result result : this.report.rates()) {
			line("| %s | %,.0f | %,.0f | %.2f | %.2f–%.2f | ≥ %.2f %s |", result.workload(),
					Stats.median(result.eventwire().stream().map(Measurement::rate).toList()),
					Stats.median(result.baseline().stream().map(Measurement::rate).toList()), result.ratio(),
					Stats.min(result.ratios()), Stats.max(result.ratios()), result.goal(), mark(result.ratio() >= result.goal()));
		}
		line("");
	}

	private void costs() {
		List<Result> withCosts = this.report.rates().stream().filter(Result::hasCosts).toList();
		if (withCosts.isEmpty()) {
			return;
		}
		line("## Cost per event in the application's JVM%n");
		line("CPU time of all its threads, GC included, the JIT compiler's left out (each repetition's new context makes "
				+ "the JVM compile again: warm-up, not a cost per event), bytes allocated by all its threads, MongoDB "
				+ "commands and bytes (a driver command listener; commands and replies), Kafka produce requests (the "
				+ "producers' `request-total`). Medians; CPU spread in brackets.%n");
		line("| workload | side | CPU µs/event | B/event | MongoDB commands/event | MongoDB B/event | produce requests/event |");
		line("|---|---|---|---|---|---|---|");
		for (Result result : withCosts) {
			costRow(result.workload(), "eventwire", result.eventwire());
			costRow("", result.baselineName(), result.baseline());
		}
		line("");
	}

	private void costRow(String workload, String side, List<Measurement> measurements) {
		List<Double> cpu = Result.values(measurements, Cost::cpuMicros);
		line("| %s | %s | %.1f (%.1f–%.1f) | %,.0f | %.4f | %,.0f | %.4f |", workload, side, Stats.median(cpu),
				Stats.min(cpu), Stats.max(cpu), Result.median(measurements, Cost::allocatedBytes),
				Result.median(measurements, Cost::mongoCommands), Result.median(measurements, Cost::mongoBytes),
				Result.median(measurements, Cost::produceRequests));
	}

	private void latencies() {
		if (this.report.latencies().isEmpty()) {
			return;
		}
		line("## Latency from outbox write commit to handler%n");
		line("Each run writes for %d s at the given rate; handler in another context of the same JVM (ms; medians over "
				+ "the repetitions; spread = min–max p99). The last column times, after an eventwire run, what one relay "
				+ "cycle asks of the MongoDB server on the outbox the run left (the query for pending entries, and "
				+ "marking ten entries): no relay can deliver faster than that.%n", this.options.latencySeconds());
		line("| events/s | variant | p50 | p95 | p99 | p99 spread | max | p50 commit→Kafka / Kafka→handler | "
				+ "server per relay cycle at the end |");
		line("|---|---|---|---|---|---|---|---|---|");
		for (LatencyResult result : this.report.latencies()) {
			double server = result.median(Percentiles::serverMillis);
			line("| %,d | %s | %.1f | %.1f | %.1f | %.1f–%.1f | %.1f | %.0f / %.0f | %s |", result.rate(), result.variant(),
					result.median(Percentiles::p50), result.median(Percentiles::p95),
					result.median(Percentiles::p99), Stats.min(result.p99s()), Stats.max(result.p99s()),
					result.median(Percentiles::max), result.median(Percentiles::toKafkaP50),
					result.median(Percentiles::fromKafkaP50),
					Double.isNaN(server) ? "—" : String.format(Locale.ROOT, "%.1f ms", server));
		}
		line("");
	}

	private void scaling() {
		if (this.report.scaling().isEmpty()) {
			return;
		}
		line("## Relay instances on one outbox%n");
		line("%,d entries (small payloads) released at once and drained; each instance a context of its own (MongoDB "
				+ "client, Kafka producer) in the same JVM.%n", this.options.scalingEvents());
		line("| instances | events/s (all) | JVM CPU µs/event | MongoDB commands/event | per instance: shards · events · "
				+ "events/s · relay thread CPU µs/event |%n|---|---|---|---|---|");
		for (RelayScalingWorkload.Drain drain : this.report.scaling()) {
			double seconds = this.options.scalingEvents() / drain.rate();
			String instances = String.join("; ", drain.instances()
				.stream()
				.map((instance) -> String.format(Locale.ROOT, "%d · %,d · %,.0f · %.1f", instance.shards(),
						instance.events(), instance.events() / seconds, instance.relayThreadCpuMicros()))
				.toList());
			line("| %d | %,.0f | %.1f | %.4f | %s |", drain.instances().size(), drain.rate(), drain.cost().cpuMicros(),
					drain.cost().mongoCommands(), instances);
		}
		line("");
	}

	private void backlogs() {
		if (this.report.drains().isEmpty()) {
			return;
		}
		line("## The relay in front of a backlog%n");
		line("Entries stored in the MongoDB server's process; the relay drains up to %,d of them while the benchmark's "
				+ "heap in use after a full GC is sampled every 2 s. \"Server alone\" is what the relay asks the server "
				+ "before its first batch (its start-up update, which matches nothing, and its query for pending "
				+ "entries in write order, to the first batch), timed before the relay starts: the server's part of "
				+ "the time to the first batch.%n", this.options.relayMemoryDrained());
		line("| backlog | drained | events/s | heap before MB | peak MB | growth MB | first batch published ms | server alone ms |");
		line("|---|---|---|---|---|---|---|---|");
		for (RelayMemoryWorkload.Drain drain : this.report.drains()) {
			line("| %,d | %,d | %,.0f | %.1f | %.1f | %+.1f | %,.0f | %,.0f |", drain.events(), drain.drained(),
					drain.rate(), drain.heapBefore(), drain.peakHeap(), drain.growth(), drain.firstBatchMillis(),
					drain.queryMillis());
		}
		line("");
	}

	private void parallelBacklogs() {
		if (this.report.parallelBacklogs().isEmpty()) {
			return;
		}
		line("## Keys side by side in front of a backlog%n");
		line("A translator with parallelism %d on %d consumer threads, whose handler waits %d ms, starts on a topic "
				+ "holding the whole backlog and consumes it while the benchmark's live heap after a full GC (as the "
				+ "collection left it, without the allocation buffers the handler threads take right after) is "
				+ "sampled every 2 s; neither backlog is drained meanwhile, so each consumer thread's buffer "
				+ "(eventwire.consumer.max-buffered-events, 1,000) is full in both.%n", ParallelWorkload.PARALLELISM,
				ParallelWorkload.CONCURRENCY, ParallelMemoryWorkload.WAIT_MILLIS);
		line("| backlog | handled in the window | heap before MB | peak MB | growth MB |%n|---|---|---|---|---|");
		for (ParallelMemoryWorkload.Backlog backlog : this.report.parallelBacklogs()) {
			line("| %,d | %,d | %.1f | %.1f | %+.1f |", backlog.events(), backlog.handled(), backlog.heapBefore(),
					backlog.peakHeap(), backlog.growth());
		}
		line("");
	}

	private void dispatch() {
		if (this.report.dispatch().isEmpty()) {
			return;
		}
		line("## The dispatch path alone (JMH)%n");
		line("One record, from the listener call to the handler: eventwire's listener (type header, handler lookup, "
				+ "correlation scope, binding, metadata, metrics; `eventwireWithoutMetadata` for a handler that takes "
				+ "the payload alone, as the consume workload's) against a raw listener binding the same record with "
				+ "the same mapper. Average time per record, JMH's 99.9 %% error, and bytes allocated per record.%n");
		line("| listener | ns/record | error | B/record |%n|---|---|---|---|");
		for (DispatchRun.Score score : this.report.dispatch()) {
			line("| %s | %,.0f | ± %,.0f | %,.0f |", score.name(), score.nanos(), score.error(), score.bytes());
		}
		line("");
	}

	static String mark(boolean met) {
		return met ? "✔" : "✘";
	}

	private void line(String format, Object... args) {
		this.out.append(String.format(Locale.ROOT, format, args)).append('\n');
	}

}
