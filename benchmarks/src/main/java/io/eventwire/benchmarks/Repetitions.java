package io.eventwire.benchmarks;

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
		for (int i = 0; i < ((repetitions > 1) ? 3 : 1); i++) {
			baseline.call();
			eventwire.call();
		}
		for (int i = 0; i < repetitions; i++) {
			if (i % 2 == 0) {
				result.baseline().add(settled(baseline));
				result.eventwire().add(settled(eventwire));
			}
			else {
				result.eventwire().add(settled(eventwire));
				result.baseline().add(settled(baseline));
			}
		}
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
