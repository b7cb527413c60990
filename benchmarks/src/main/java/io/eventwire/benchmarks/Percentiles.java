package io.eventwire.benchmarks;

import java.util.Arrays;

/**
 * Latency percentiles of one run, in milliseconds.
 *
 * @param p50 median latency
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param max the longest
 * @param toKafkaP50 median time from the commit to the Kafka record's timestamp (the send),
 * with the wall clock's millisecond precision
 * @param fromKafkaP50 median time from the record's timestamp to the handler
 * @param serverMillis what one relay cycle asked of the MongoDB server at the end of an eventwire run
 * (ms), or NaN for the other variants
 */
record Percentiles(double p50, double p95, double p99, double max, double toKafkaP50, double fromKafkaP50,
		double serverMillis) {

	/**
	 * @param serverMillis what one relay cycle asked of the MongoDB server at the end of the run
	 * (its query for pending entries, to the first batch, and marking ten entries), in ms
	 * @return these percentiles with that figure
	 */
	Percentiles withServerMillis(double serverMillis) {
		return new Percentiles(this.p50, this.p95, this.p99, this.max, this.toKafkaP50, this.fromKafkaP50,
				serverMillis);
	}

	static Percentiles of(long[] nanos, long[] toKafkaMillis, long[] fromKafkaMillis) {
		long[] sorted = sorted(nanos);
		return new Percentiles(at(sorted, 0.50) / 1e6, at(sorted, 0.95) / 1e6, at(sorted, 0.99) / 1e6,
				sorted[sorted.length - 1] / 1e6, at(sorted(toKafkaMillis), 0.50), at(sorted(fromKafkaMillis), 0.50),
				Double.NaN);
	}

	private static long[] sorted(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted;
	}

	private static long at(long[] sorted, double quantile) {
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, index)];
	}

}
