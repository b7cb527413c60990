package io.eventwire.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

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

	/**
	 * The heap the full collection left, as its heap pools recorded it when it ended: unlike
	 * {@link #afterGc()}, without the allocation buffers that busy threads take right after it
	 * (hundreds of handler threads take up to a region each).
	 * @return the live heap after a full collection, in MB
	 */
	static double liveAfterGc() {
		System.gc();
		long used = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			MemoryUsage collected = (pool.getType() == MemoryType.HEAP) ? pool.getCollectionUsage() : null;
			if (collected != null) {
				used += collected.getUsed();
			}
		}
		return used / (1024.0 * 1024.0);
	}

}
