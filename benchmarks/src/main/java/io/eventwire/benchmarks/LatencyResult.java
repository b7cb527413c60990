package io.eventwire.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One latency variant's repetitions at one rate.
 *
 * @param variant what was measured
 * @param rate events written per second
 * @param floor whether this is the floor (publishing straight to Kafka) the others are held to
 * @param runs the percentiles of each repetition
 */
public record LatencyResult(String variant, int rate, boolean floor, List<Percentiles> runs) {

	LatencyResult(String variant, int rate, boolean floor) {
		this(variant, rate, floor, new ArrayList<>());
	}

	double median(ToDoubleFunction<Percentiles> percentile) {
		return Stats.median(this.runs.stream().map(percentile::applyAsDouble).toList());
	}

	List<Double> p99s() {
		return this.runs.stream().map(Percentiles::p99).toList();
	}

}
