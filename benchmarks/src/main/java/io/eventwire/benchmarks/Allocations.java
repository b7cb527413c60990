package io.eventwire.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Bytes allocated by chosen threads (HotSpot's per-thread allocation counters), and the heap in use
 * after a full GC.
 */
final class Allocations {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private Allocations() {
	}

	/**
	 * @return the bytes each matching live thread allocated so far, by thread id
	 */
	static Map<Long, Long> snapshot(Predicate<Thread> which) {
		Map<Long, Long> allocated = new HashMap<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (which.test(thread)) {
				allocated.put(thread.getId(), THREADS.getThreadAllocatedBytes(thread.getId()));
			}
		}
		return allocated;
	}

	/**
	 * @return the bytes the threads of an earlier snapshot allocated since, those still alive
	 */
	static long since(Map<Long, Long> before) {
		long total = 0;
		for (Map.Entry<Long, Long> thread : before.entrySet()) {
			long now = THREADS.getThreadAllocatedBytes(thread.getKey());
			if (now >= 0) {
				total += now - thread.getValue();
			}
		}
		return total;
	}

	/** @return the bytes the calling thread allocated so far */
	static long currentThread() {
		return THREADS.getCurrentThreadAllocatedBytes();
	}

	/**
	 * @return the heap in use after a full collection, in MB
	 */
	static double heapAfterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
	}

}
