package io.eventwire.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the benchmark's JVM spent per event between two points. The broker and the MongoDB server
 * run in processes of their own, so this is the application's cost: CPU time of all its threads
 * (GC included; the JIT compiler's left out, see {@link JitTime}), bytes allocated by all its
 * threads, MongoDB commands and bytes on the wire (both ways), and Kafka produce requests (the
 * producers' {@code request-total}, which also counts the rare metadata request).
 *
 * @param cpuMicros CPU time per event (µs), without the JIT compiler's
 * @param allocatedBytes bytes allocated per event
 * @param mongoCommands MongoDB commands per event
 * @param mongoBytes MongoDB bytes (commands and replies) per event
 * @param produceRequests Kafka produce requests per event
 */
record Cost(double cpuMicros, double allocatedBytes, double mongoCommands, double mongoBytes,
		double produceRequests) {

	private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	/**
	 * The counters at one point.
	 */
	record Snapshot(long cpuNanos, long jitNanos, Map<Long, Long> allocated, Map<Long, Long> threadCpu,
			long mongoCommands, long mongoBytes, long sizingNanos, Map<String, Double> requests) {

		/**
		 * @return what was spent per event since this snapshot
		 */
		Cost since(MongoCommands mongo, long events) {
			Snapshot now = take(mongo);
			// The JVM counts its process time (and JitTime the compiler's) in clock ticks of 10 ms, its
			// Java threads' time to the nanosecond: what is left besides the Java threads (the garbage
			// collector's, threads that ended) can come out below zero over a short window, which is no
			// CPU time.
			double javaThreads = delta(this.threadCpu, now.threadCpu);
			double rest = (now.cpuNanos - this.cpuNanos) - (now.jitNanos - this.jitNanos) - javaThreads;
			double cpu = javaThreads + Math.max(0, rest) - (now.sizingNanos - this.sizingNanos);
			if (Boolean.getBoolean("benchmarks.threads")) {
				printBusiestThreads(this.threadCpu, now.threadCpu, cpu, events);
			}
			return new Cost(cpu / 1e3 / events, delta(this.allocated, now.allocated) / events,
					(double) (now.mongoCommands - this.mongoCommands) / events,
					(double) (now.mongoBytes - this.mongoBytes) / events, delta(this.requests, now.requests) / events);
		}

	}

	static Snapshot take(MongoCommands mongo) {
		long[] ids = THREADS.getAllThreadIds();
		long[] bytes = THREADS.getThreadAllocatedBytes(ids);
		long[] cpu = THREADS.getThreadCpuTime(ids);
		Map<Long, Long> allocated = new HashMap<>();
		Map<Long, Long> threadCpu = new HashMap<>();
		for (int i = 0; i < ids.length; i++) {
			if (bytes[i] >= 0) {
				allocated.put(ids[i], bytes[i]);
			}
			if (cpu[i] >= 0) {
				threadCpu.put(ids[i], cpu[i]);
			}
		}
		return new Snapshot(OS.getProcessCpuTime(), JitTime.nanos(), allocated, threadCpu, mongo.commands(),
				mongo.bytes(), mongo.sizingNanos(), producerRequests());
	}

	// -Dbenchmarks.threads=true: where the CPU time went, for looking into a figure.
	private static void printBusiestThreads(Map<Long, Long> before, Map<Long, Long> after, double processNanos,
			long events) {
		Map<String, Double> byName = new HashMap<>();
		double threads = 0;
		for (Map.Entry<Long, Long> thread : after.entrySet()) {
			java.lang.management.ThreadInfo info = THREADS.getThreadInfo(thread.getKey());
			double nanos = thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
			threads += nanos;
			if (info != null) {
				byName.merge(info.getThreadName().replaceAll("\\d+", "N"), nanos, Double::sum);
			}
		}
		StringBuilder line = new StringBuilder("CPU µs/event by thread:");
		byName.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.limit(6)
			.forEach((entry) -> line.append(String.format(" %s %.1f;", entry.getKey(), entry.getValue() / 1e3 / events)));
		line.append(String.format(" outside Java threads (GC, VM) %.1f", (processNanos - threads) / 1e3 / events));
		line.append(String.format("; GC ms so far %d, JIT ms so far %d",
				ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong((gc) -> gc.getCollectionTime()).sum(),
				ManagementFactory.getCompilationMXBean().getTotalCompilationTime()));
		System.out.println(line);
	}

	// Counters of what ended since are lost; new ones count from zero.
	private static <K> double delta(Map<K, ? extends Number> before, Map<K, ? extends Number> after) {
		double total = 0;
		for (Map.Entry<K, ? extends Number> entry : after.entrySet()) {
			Number earlier = before.get(entry.getKey());
			total += entry.getValue().doubleValue() - ((earlier != null) ? earlier.doubleValue() : 0);
		}
		return total;
	}

	private static Map<String, Double> producerRequests() {
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		Map<String, Double> requests = new HashMap<>();
		try {
			Set<ObjectName> producers = server.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null);
			for (ObjectName producer : producers) {
				requests.put(producer.getKeyProperty("client-id"),
						((Number) server.getAttribute(producer, "request-total")).doubleValue());
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read the producers' metrics", ex);
		}
		return requests;
	}

}
