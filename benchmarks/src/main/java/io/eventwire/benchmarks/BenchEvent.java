package io.eventwire.benchmarks;

import java.util.List;

/**
 * The event every workload moves: about 1 KB of JSON.
 *
 * @param id an id
 * @param seq its number
 * @param customer a customer
 * @param tags a few tags
 * @param body filler
 */
public record BenchEvent(String id, int seq, String customer, List<String> tags, String body) {

	private static final String BODY = "x".repeat(900);

	static BenchEvent of(int seq) {
		return of("event", seq);
	}

	/**
	 * @param run names the run the event belongs to, in its id
	 */
	static BenchEvent of(String run, int seq) {
		return new BenchEvent(run + "-" + seq, seq, "customer-" + (seq % 977), List.of("a", "b", "c"), BODY);
	}

	/** @return the run this event was written in */
	String run() {
		return this.id.substring(0, this.id.lastIndexOf('-'));
	}

	static String key(int seq, int keys) {
		return "key-" + (seq % keys);
	}

}
