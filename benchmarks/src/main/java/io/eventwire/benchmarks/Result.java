package io.eventwire.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One throughput workload's repetitions, eventwire and its baseline measured alternately.
 *
 * @param workload what was measured
 * @param baselineName what eventwire is compared with
 * @param goal the rate ratio (eventwire / baseline) it should reach
 * @param eventwire eventwire's measurements, one per repetition
 * @param baseline the baseline's measurements
 */
public record Result(String workload, String baselineName, double goal, List<Measurement> eventwire,
		List<Measurement> baseline) {

	Result(String workload, String baselineName, double goal) {
		this(workload, baselineName, goal, new ArrayList<>(), new ArrayList<>());
	}

	/** @return eventwire's rate over the baseline's, per repetition */
	List<Double> ratios() {
		return ratios(Measurement::rate);
	}

	/** @return eventwire's figure over the baseline's, per repetition */
	List<Double> ratios(ToDoubleFunction<Measurement> figure) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < this.eventwire.size(); i++) {
			ratios.add(figure.applyAsDouble(this.eventwire.get(i)) / figure.applyAsDouble(this.baseline.get(i)));
		}
		return ratios;
	}

	/** @return the median rate ratio */
	public double ratio() {
		return Stats.median(ratios());
	}

	boolean hasCosts() {
		return !this.eventwire.isEmpty() && this.eventwire.stream().allMatch((side) -> side.cost() != null)
				&& this.baseline.stream().allMatch((side) -> side.cost() != null);
	}

	/** @return the median of a cost figure over one side's repetitions */
	static double median(List<Measurement> side, ToDoubleFunction<Cost> figure) {
		return Stats.median(side.stream().map((measurement) -> figure.applyAsDouble(measurement.cost())).toList());
	}

	/** @return the spread (min–max) of a cost figure over one side's repetitions */
	static List<Double> values(List<Measurement> side, ToDoubleFunction<Cost> figure) {
		return side.stream().map((measurement) -> figure.applyAsDouble(measurement.cost())).toList();
	}

}
