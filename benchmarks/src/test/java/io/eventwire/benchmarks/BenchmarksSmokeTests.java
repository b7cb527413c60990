package io.eventwire.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small run of every workload, so the benchmarks keep working; the numbers mean nothing at this
 * size and are not checked against the goals.
 */
class BenchmarksSmokeTests {

	@Test
	void everyWorkloadRunsAndMeasuresBothSides() throws Exception {
		Benchmarks.Report report = Benchmarks.run(Benchmarks.Options.smoke());

		assertThat(report.rates()).extracting(Benchmarks.Result::workload)
			.allSatisfy((workload) -> assertThat(workload).isNotBlank())
			.hasSize(5);
		assertThat(report.rates()).allSatisfy((result) -> {
			assertThat(result.eventwire()).hasSize(1).allSatisfy((side) -> assertThat(side.rate()).isPositive());
			assertThat(result.baseline()).hasSize(1).allSatisfy((side) -> assertThat(side.rate()).isPositive());
		});
		assertThat(report.rates()).filteredOn(Benchmarks.Result::hasMemory)
			.hasSize(3)
			.allSatisfy((result) -> assertThat(result.eventwire().get(0).bytesPerEvent()).isPositive());
		assertThat(report.latencies()).hasSize(4).allSatisfy((latency) -> assertThat(latency.runs()).singleElement()
			.satisfies((percentiles) -> assertThat(percentiles.p99()).isGreaterThanOrEqualTo(percentiles.p50())));
		assertThat(report.drains()).extracting(RelayMemoryWorkload.Drain::events).containsExactly(1_000, 5_000);
		assertThat(report.drains()).allSatisfy((drain) -> {
			assertThat(drain.rate()).isPositive();
			assertThat(drain.peakHeap()).isGreaterThanOrEqualTo(drain.heapBefore());
		});
		assertThat(Benchmarks.table(Benchmarks.Options.smoke(), report)).contains("| workload | eventwire | baseline")
			.contains("| variant | p50 | p95 | p99")
			.contains("| workload | eventwire B/event");
	}

}
