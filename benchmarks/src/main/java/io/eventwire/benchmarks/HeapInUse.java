package io.eventwire.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * The heap in use after a full GC.
 */
final class HeapInUse {

	private HeapInUse() {
	}

	/**
	 * @return the heap in use after a full collection, in MB
	 */
	static double afterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
	}

}
