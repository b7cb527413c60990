package io.eventwire.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * How a workload's sides are repeated so that neither is favoured by what ran before it.
 */
final class Repetitions {

	private Repetitions() {
	}

	/**
	 * Warm-up pairs, not counted, then the measured pairs, the order within a pair alternating. The
	 * JVM goes on compiling through the first repetitions (its JIT time grew by seconds from one
	 * to the next), and a side that always ran second would always find it warmer.
	 */
	static void pairs(Result result, int repetitions, Callable<Measurement> eventwire,
			Callable<Measurement> baseline) throws Exception {
		List<List<Measurement>> sides = rounds(repetitions, List.of(baseline, eventwire));
		result.baseline().addAll(sides.get(0));
		result.eventwire().addAll(sides.get(1));
	}

	/**
	 * Rounds of all sides, as {@link #pairs} does for two: warm-up rounds, then the measured ones,
	 * each starting one side later than the one before.
	 * @return each side's measurements, in the order the sides were given
	 */
	static List<List<Measurement>> rounds(int repetitions, List<Callable<Measurement>> sides) throws Exception {
		for (int i = 0; i < ((repetitions > 1) ? 3 : 1); i++) {
			for (Callable<Measurement> side : sides) {
				side.call();
			}
		}
		List<List<Measurement>> measurements = new ArrayList<>();
		sides.forEach((side) -> measurements.add(new ArrayList<>()));
		for (int i = 0; i < repetitions; i++) {
			for (int j = 0; j < sides.size(); j++) {
				int side = (i + j) % sides.size();
				measurements.get(side).add(settled(sides.get(side)));
			}
		}
		return measurements;
	}

	/**
	 * A repetition after a full collection, so that none pays for collecting what the one before
	 * left (a closed context's buffers, promoted meanwhile) at a moment of the collector's choosing.
	 */
	static Measurement settled(Callable<Measurement> repetition) throws Exception {
		System.gc();
		return repetition.call();
	}

}
