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
		List<Benchmarks.Result> results = Benchmarks.run(Benchmarks.Options.smoke());

		assertThat(results).extracting(Benchmarks.Result::workload)
			.allSatisfy((workload) -> assertThat(workload).isNotBlank())
			.hasSize(3);
		assertThat(results).allSatisfy((result) -> {
			assertThat(result.eventwire()).hasSize(1).allSatisfy((rate) -> assertThat(rate).isPositive());
			assertThat(result.baseline()).hasSize(1).allSatisfy((rate) -> assertThat(rate).isPositive());
		});
		assertThat(Benchmarks.table(Benchmarks.Options.smoke(), results)).contains("| workload | eventwire | baseline");
	}

}
