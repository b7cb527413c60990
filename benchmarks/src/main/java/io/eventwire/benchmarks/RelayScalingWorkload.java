package io.eventwire.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.eventwire.outbox.OutboxDocuments;
import io.eventwire.outbox.OutboxRelay;
import org.bson.Document;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Several relay instances on one outbox, each with its own MongoDB client and Kafka producer (a
 * context each), against one: the backlog is stored held back, the instances start and share the
 * shards, then the backlog is released at once and drained. Reported per instance: the shards it
 * held, the events it published, and its relay thread's CPU time per event; for all together: the
 * rate and the JVM's CPU time per event.
 */
final class RelayScalingWorkload {

	static final String TOPIC = "bench-relay-scaling";

	private static final int SHARDS = 16;

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private final Infrastructure infrastructure;

	private final int events;

	private int run;

	/**
	 * One instance's part.
	 *
	 * @param shards the shards it held while draining
	 * @param events the events it published
	 * @param relayThreadCpuMicros its relay thread's CPU time per event it published (µs)
	 */
	record Instance(int shards, long events, double relayThreadCpuMicros) {

	}

	/**
	 * One drain by some instances.
	 *
	 * @param rate events per second, all instances together
	 * @param cost what the JVM spent per event
	 * @param instances each instance's part
	 */
	record Drain(double rate, Cost cost, List<Instance> instances) {

	}

	RelayScalingWorkload(Infrastructure infrastructure, int events) {
		this.infrastructure = infrastructure;
		this.events = events;
		infrastructure.createTopic(TOPIC, 6);
	}

	Drain drain(int instanceCount) throws InterruptedException {
		String database = "bench-relay-scaling-" + (++this.run);
		List<ConfigurableApplicationContext> contexts = new ArrayList<>();
		List<OutboxRelay> relays = new ArrayList<>();
		try {
			List<RelayProgress> progress = new ArrayList<>();
			List<Long> relayThreads = new ArrayList<>();
			for (int i = 0; i < instanceCount; i++) {
				ConfigurableApplicationContext context = this.infrastructure.application(RelayWorkload.App.class)
					.run(Workloads.args(this.infrastructure, database, "--eventwire.service-name=bench-relay-scaling"));
				contexts.add(context);
				RelayProgress instanceProgress = new RelayProgress(Long.MAX_VALUE);
				OutboxRelay relay = RelayWorkload.relay(context, instanceProgress);
				Set<Long> before = relayThreadIds();
				relay.start();
				relayThreads.add(newThread(before));
				relays.add(relay);
				progress.add(instanceProgress);
			}
			MongoTemplate mongo = contexts.get(0).getBean(MongoTemplate.class);
			relays.forEach(OutboxRelay::beforeFirstWrite);
			RelayMemoryWorkload.fill(mongo.getCollection("eventwire_outbox"), TOPIC, this.events, true);
			Map<String, Integer> shards = awaitEvenSplit(mongo, relays);
			Map<Long, Long> threadCpu = new HashMap<>();
			relayThreads.forEach((id) -> threadCpu.put(id, THREADS.getThreadCpuTime(id)));
			Cost.Snapshot costs = this.infrastructure.costs();
			long start = System.nanoTime();
			mongo.getCollection("eventwire_outbox")
				.updateMany(Filters.eq(OutboxDocuments.FAILED, true), Updates.set(OutboxDocuments.FAILED, false));
			relays.forEach(OutboxRelay::wakeUp);
			long deadline = start + TimeUnit.MINUTES.toNanos(10);
			while (progress.stream().mapToLong(RelayProgress::published).sum() < this.events) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The relays did not drain " + this.events + " entries in 10 minutes");
				}
				TimeUnit.MILLISECONDS.sleep(5);
			}
			double rate = this.events / ((System.nanoTime() - start) / 1e9);
			Cost cost = this.infrastructure.costSince(costs, this.events);
			List<Instance> instances = new ArrayList<>();
			for (int i = 0; i < instanceCount; i++) {
				long published = progress.get(i).published();
				long cpu = THREADS.getThreadCpuTime(relayThreads.get(i)) - threadCpu.get(relayThreads.get(i));
				instances.add(new Instance(shards.getOrDefault(relays.get(i).getInstanceId(), 0), published,
						(published > 0) ? cpu / 1e3 / published : 0));
			}
			mongo.getDb().drop();
			return new Drain(rate, cost, instances);
		}
		finally {
			relays.forEach(OutboxRelay::stop);
			relays.forEach(OutboxRelay::destroy);
			contexts.forEach(ConfigurableApplicationContext::close);
		}
	}

	/**
	 * Wait until every instance holds its fair share of the shards (each refreshes its leases every
	 * sixth of the lease duration, so this takes a few of those).
	 */
	private Map<String, Integer> awaitEvenSplit(MongoTemplate mongo, List<OutboxRelay> relays)
			throws InterruptedException {
		int share = (SHARDS + relays.size() - 1) / relays.size();
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (true) {
			Map<String, Integer> held = this.infrastructure.mongoCommands().uncounted(() -> heldShards(mongo));
			boolean even = relays.stream()
				.allMatch((relay) -> held.getOrDefault(relay.getInstanceId(), 0) >= SHARDS / relays.size()
						&& held.getOrDefault(relay.getInstanceId(), 0) <= share);
			if (even && held.values().stream().mapToInt(Integer::intValue).sum() == SHARDS) {
				return held;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The shards were not split evenly within 90 s: " + held);
			}
			TimeUnit.MILLISECONDS.sleep(200);
		}
	}

	private static Map<String, Integer> heldShards(MongoTemplate mongo) {
		return mongo.getCollection("eventwire_outbox_leases")
			.find(Filters.regex("_id", "^lease-" + SHARDS + "-"))
			.into(new ArrayList<>())
			.stream()
			.filter((lease) -> lease.getString("owner") != null)
			.collect(Collectors.groupingBy((Document lease) -> lease.getString("owner"),
					Collectors.summingInt((lease) -> 1)));
	}

	private static Set<Long> relayThreadIds() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("eventwire-outbox-relay"))
			.map(Thread::getId)
			.collect(Collectors.toSet());
	}

	private static long newThread(Set<Long> before) {
		Set<Long> now = relayThreadIds();
		now.removeAll(before);
		if (now.size() != 1) {
			throw new IllegalStateException("Expected one new relay thread, found " + now.size());
		}
		return now.iterator().next();
	}

}
