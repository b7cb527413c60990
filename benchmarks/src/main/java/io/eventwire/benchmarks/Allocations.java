package io.eventwire.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * The heap in use after a full GC.
 */
final class Allocations {

	private Allocations() {
	}

	/**
	 * @return the heap in use after a full collection, in MB
	 */
	static double heapAfterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
	}

}
