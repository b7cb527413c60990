package io.eventwire.benchmarks;

/**
 * One side of one repetition of a throughput workload.
 *
 * @param rate events per second
 * @param bytesPerEvent bytes the working threads allocated per event, or NaN when not measured
 * @param heapAfterGc heap in use after a full GC at the end of the repetition, with the workload's
 * context still open (MB), or NaN when not measured
 */
public record Measurement(double rate, double bytesPerEvent, double heapAfterGc) {

	static Measurement rate(double rate) {
		return new Measurement(rate, Double.NaN, Double.NaN);
	}

	boolean hasMemory() {
		return !Double.isNaN(this.bytesPerEvent);
	}

}
