package io.eventwire.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxRelay;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Outbox write to Kafka: a service writes events one after another, each in its own write, and the
 * events are stored in MongoDB and delivered to Kafka; timed from the first write until Kafka holds
 * every event and each is marked delivered. eventwire: {@code EventOutbox.publish} and its relay
 * (woken by each write). Spring Modulith 2.0.3: an application event published in a transaction,
 * its publication registry on the same MongoDB server and its Kafka externalization.
 */
final class OutboxComparisonWorkload {

	static final String EVENTWIRE_TOPIC = "bench-outbox-eventwire";

	static final String MODULITH_TOPIC = "bench-outbox-modulith";

	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	private final Infrastructure infrastructure;

	private final int events;

	private final int keys;

	private int run;

	OutboxComparisonWorkload(Infrastructure infrastructure, int events, int keys) {
		this.infrastructure = infrastructure;
		this.events = events;
		this.keys = keys;
		infrastructure.createTopic(EVENTWIRE_TOPIC, 6);
		infrastructure.createTopic(MODULITH_TOPIC, 6);
	}

	Measurement eventwire() throws InterruptedException {
		String database = "bench-outbox-eventwire-" + (++this.run);
		try (ConfigurableApplicationContext context = this.infrastructure.application(EventwireApp.class)
			.run(Workloads.args(this.infrastructure, database, "--eventwire.service-name=bench-outbox",
					"--eventwire.outbox.relay.enabled=true"))) {
			EventOutbox outbox = context.getBean(EventOutbox.class);
			OutboxRelay relay = context.getBean(OutboxRelay.class);
			Workloads.awaitOutboxIndexes(context);
			long records = this.infrastructure.records(EVENTWIRE_TOPIC);
			Cost.Snapshot before = this.infrastructure.costs();
			long start = System.nanoTime();
			for (int i = 0; i < this.events; i++) {
				outbox.publish(EVENTWIRE_TOPIC, "bench_event", BenchEvent.key(i, this.keys), BenchEvent.of(i));
			}
			awaitDelivered(EVENTWIRE_TOPIC, records, () -> this.events - relay.pendingCount());
			Measurement measurement = Measurement.since(this.infrastructure, before, start, this.events);
			Workloads.dropDatabase(context);
			return measurement;
		}
	}

	Measurement modulith() throws InterruptedException {
		String database = "bench-outbox-modulith-" + (++this.run);
		try (ConfigurableApplicationContext context = this.infrastructure.application(ModulithApp.class)
			.run(ModulithApp.args(this.infrastructure, database, MODULITH_TOPIC, this.keys))) {
			ModulithApp.ModulithWriter writer = context.getBean(ModulithApp.ModulithWriter.class);
			MongoTemplate mongo = context.getBean(MongoTemplate.class);
			long records = this.infrastructure.records(MODULITH_TOPIC);
			Cost.Snapshot before = this.infrastructure.costs();
			long start = System.nanoTime();
			for (int i = 0; i < this.events; i++) {
				writer.write(BenchEvent.of(i));
			}
			awaitDelivered(MODULITH_TOPIC, records, () -> mongo
				.count(Query.query(Criteria.where("completionDate").ne(null)), "event_publication"));
			Measurement measurement = Measurement.since(this.infrastructure, before, start, this.events);
			Workloads.dropDatabase(context);
			return measurement;
		}
	}

	/**
	 * Wait until Kafka holds every event, then until every one is marked delivered. Counting marks
	 * scans the collection on mongo-java-server, so that is left until Kafka has them all; those
	 * counts are not counted as the application's commands, and asked every 50 ms only: they cost
	 * the JVM a little CPU time too.
	 */
	private void awaitDelivered(String topic, long before, LongSupplier marked) throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (this.infrastructure.records(topic) - before < this.events) {
			checkDeadline(deadline, topic);
			TimeUnit.MILLISECONDS.sleep(50);
		}
		while (this.infrastructure.mongoCommands().uncounted(marked::getAsLong) < this.events) {
			checkDeadline(deadline, topic);
			TimeUnit.MILLISECONDS.sleep(50);
		}
	}

	private static void checkDeadline(long deadline, String topic) {
		if (System.nanoTime() > deadline) {
			throw new IllegalStateException("Events written for " + topic + " not delivered within " + TIMEOUT);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class EventwireApp {

	}

}
