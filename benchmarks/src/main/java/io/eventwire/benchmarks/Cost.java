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
 * (JIT and GC included), bytes allocated by all its threads, MongoDB commands and bytes on the wire
 * (both ways), and Kafka produce requests (the producers' {@code request-total}, which also counts
 * the rare metadata request).
 *
 * @param cpuMicros CPU time per event (µs)
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
	record Snapshot(long cpuNanos, Map<Long, Long> allocated, long mongoCommands, long mongoBytes, long sizingNanos,
			Map<String, Double> requests) {

		/**
		 * @return what was spent per event since this snapshot
		 */
		Cost since(MongoCommands mongo, long events) {
			Snapshot now = take(mongo);
			double cpu = (now.cpuNanos - this.cpuNanos) - (now.sizingNanos - this.sizingNanos);
			return new Cost(cpu / 1e3 / events, delta(this.allocated, now.allocated) / events,
					(double) (now.mongoCommands - this.mongoCommands) / events,
					(double) (now.mongoBytes - this.mongoBytes) / events, delta(this.requests, now.requests) / events);
		}

	}

	static Snapshot take(MongoCommands mongo) {
		long[] ids = THREADS.getAllThreadIds();
		long[] bytes = THREADS.getThreadAllocatedBytes(ids);
		Map<Long, Long> allocated = new HashMap<>();
		for (int i = 0; i < ids.length; i++) {
			if (bytes[i] >= 0) {
				allocated.put(ids[i], bytes[i]);
			}
		}
		return new Snapshot(OS.getProcessCpuTime(), allocated, mongo.commands(), mongo.bytes(), mongo.sizingNanos(),
				producerRequests());
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
