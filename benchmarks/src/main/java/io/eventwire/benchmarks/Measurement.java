package io.eventwire.benchmarks;

import org.jspecify.annotations.Nullable;

/**
 * One side of one repetition of a throughput workload.
 *
 * @param rate events per second
 * @param cost what the benchmark's JVM spent per event meanwhile, or {@code null} when not measured
 */
public record Measurement(double rate, @Nullable Cost cost) {

	/**
	 * @param events events handled between the snapshot and now
	 * @param startNanos when the snapshot was taken ({@link System#nanoTime()})
	 */
	static Measurement since(Infrastructure infrastructure, Cost.Snapshot before, long startNanos, long events) {
		double seconds = (System.nanoTime() - startNanos) / 1e9;
		return new Measurement(events / seconds, infrastructure.costSince(before, events));
	}

}
