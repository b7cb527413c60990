package io.eventwire.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small run of every workload, so the benchmarks keep working; the numbers mean nothing at this
 * size and are not checked against the goals.
 */
class BenchmarksSmokeTests {

	@Test
	void everyWorkloadRunsAndMeasuresBothSides() throws Exception {
		Options options = Options.smoke();
		Benchmarks.Report report = Benchmarks.run(options);

		assertThat(report.rates()).hasSize(10).allSatisfy((result) -> {
			assertThat(result.eventwire()).hasSize(1).allSatisfy((side) -> assertThat(side.rate()).isPositive());
			assertThat(result.baseline()).hasSize(1).allSatisfy((side) -> assertThat(side.rate()).isPositive());
			// The ideal rate of the parallel workload is computed, not measured: it has no cost.
			assertThat(result.hasCosts()).isEqualTo(!result.baselineName().equals("the ideal"));
			assertThat(result.eventwire().get(0).cost().cpuMicros()).isPositive();
			assertThat(result.eventwire().get(0).cost().allocatedBytes()).isPositive();
		});
		Result relay = report.rates().stream().filter((result) -> result.workload().startsWith("Outbox relay")).findFirst().orElseThrow();
		// The relay reads and marks in batches: far fewer commands than events, but some.
		assertThat(relay.eventwire().get(0).cost().mongoCommands()).isPositive().isLessThan(0.1);
		assertThat(relay.eventwire().get(0).cost().produceRequests()).isPositive().isLessThan(1);
		Result publish = report.rates().stream().filter((result) -> result.workload().startsWith("Publish")).findFirst().orElseThrow();
		assertThat(publish.eventwire().get(0).cost().mongoCommands()).isZero();
		assertThat(report.latencies()).hasSize(6).allSatisfy((latency) -> assertThat(latency.runs()).singleElement()
			.satisfies((percentiles) -> assertThat(percentiles.p99()).isGreaterThanOrEqualTo(percentiles.p50())));
		assertThat(report.drains()).extracting(RelayMemoryWorkload.Drain::events).containsExactly(1_000, 5_000);
		assertThat(report.drains()).allSatisfy((drain) -> {
			assertThat(drain.drained()).isEqualTo(Math.min(drain.events(), options.relayMemoryDrained()));
			assertThat(drain.firstBatchMillis()).isPositive();
			assertThat(drain.peakHeap()).isGreaterThanOrEqualTo(drain.heapBefore());
		});
		assertThat(report.parallelBacklogs()).extracting(ParallelMemoryWorkload.Backlog::events)
			.containsExactlyElementsOf(options.parallelMemoryEvents());
		assertThat(report.parallelBacklogs()).allSatisfy((backlog) -> {
			assertThat(backlog.handled()).isPositive();
			assertThat(backlog.peakHeap()).isPositive();
		});
		assertThat(report.rates()).filteredOn((result) -> result.workload().startsWith(ParallelWorkload.NAME))
			.extracting(Result::baselineName)
			.containsExactly("@KafkaListener, concurrency 6", "Parallel Consumer 0.5.3.3", "the ideal");
		assertThat(report.scaling()).hasSize(2);
		assertThat(report.scaling().get(1).instances()).hasSize(2)
			.allSatisfy((instance) -> assertThat(instance.shards()).isEqualTo(8));
		assertThat(report.scaling().get(1).instances().stream().mapToLong(RelayScalingWorkload.Instance::events).sum())
			.isGreaterThanOrEqualTo(options.scalingEvents());
		assertThat(report.dispatch()).extracting(DispatchRun.Score::name)
			.containsExactlyInAnyOrder("eventwire", "eventwireWithoutMetadata", "rawListener");
		assertThat(report.dispatch()).allSatisfy((score) -> assertThat(score.nanos()).isPositive());
		// Both consume results compare the same translator repetitions, with two baselines.
		Result sameWork = report.rates()
			.stream()
			.filter((result) -> result.workload().equals(ConsumeWorkload.SAME_WORK))
			.findFirst()
			.orElseThrow();
		Result bare = report.rates()
			.stream()
			.filter((result) -> result.workload().equals(ConsumeWorkload.BARE))
			.findFirst()
			.orElseThrow();
		assertThat(sameWork.eventwire()).isSameAs(bare.eventwire());
		assertThat(sameWork.baseline()).isNotSameAs(bare.baseline());
		assertThat(ResultsTable.markdown(options, report)).contains("## Goals")
			.contains("| Consume: CPU per event ≤ 1.10 × @KafkaListener reading the headers |")
			.contains("| Consume, for scale (no goal): CPU per event against a bare @KafkaListener reading no header |")
			.contains("| workload | side | CPU µs/event")
			.contains("| events/s | variant | p50")
			.contains("| instances | events/s (all)")
			.contains("| listener | ns/record")
			.contains("| Parallel: rate ≥ 20.0 × @KafkaListener, concurrency 6 |")
			.contains("| Parallel, backlog of 10,000 against 2,000: peak heap stays flat (≤ +16 MB) |")
			.contains("## Keys side by side in front of a backlog");
	}

}
