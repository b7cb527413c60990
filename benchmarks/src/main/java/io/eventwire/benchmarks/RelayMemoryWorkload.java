package io.eventwire.benchmarks;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.client.MongoCollection;
import io.eventwire.outbox.MongoEventOutbox;
import io.eventwire.outbox.OutboxDocuments;
import io.eventwire.outbox.OutboxRelay;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The relay's heap while it drains a large backlog: the entries are stored in a MongoDB server in
 * another process (mongo-java-server in a JVM of its own, unless a real MongoDB is given), so the
 * benchmark's heap holds only the relay and its client. The heap in use after a full GC is sampled
 * every two seconds while the relay drains; a relay that streams its backlog keeps the same peak
 * for a ten times larger backlog.
 */
final class RelayMemoryWorkload implements AutoCloseable {

	static final String TOPIC = "bench-relay-memory";

	private static final int CHUNK = 5_000;

	private final Infrastructure infrastructure;

	private final @Nullable MongoServerProcess server;

	private final String mongoUri;

	private int run;

	/**
	 * One sized drain.
	 *
	 * @param events entries drained
	 * @param rate events per second
	 * @param heapBefore heap in use after a full GC once the entries were stored, before the relay
	 * started (MB)
	 * @param peakHeap the highest heap in use after a full GC while the relay drained (MB)
	 */
	record Drain(int events, double rate, double heapBefore, double peakHeap) {

		double growth() {
			return this.peakHeap - this.heapBefore;
		}

	}

	RelayMemoryWorkload(Infrastructure infrastructure, @Nullable String mongoUri) {
		this.infrastructure = infrastructure;
		this.server = (mongoUri != null) ? null : MongoServerProcess.start("4g");
		this.mongoUri = (mongoUri != null) ? mongoUri.replaceAll("/+$", "") : this.server.uri();
		infrastructure.createTopic(TOPIC, 6);
	}

	Drain drain(int events) throws InterruptedException {
		String database = "bench-relay-memory-" + (++this.run);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RelayWorkload.App.class)
			.web(WebApplicationType.NONE)
			.run(Workloads.args(this.infrastructure.brokers(), this.mongoUri + "/" + database,
					"--eventwire.service-name=bench-relay-memory"))) {
			MongoTemplate mongo = context.getBean(MongoTemplate.class);
			fill(mongo.getCollection("eventwire_outbox"), events);
			OutboxRelay relay = RelayWorkload.relay(context);
			long published = this.infrastructure.records(TOPIC);
			double heapBefore = Allocations.heapAfterGc();
			AtomicLong peak = new AtomicLong(Double.doubleToLongBits(heapBefore));
			ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
			sampler.scheduleWithFixedDelay(() -> {
				double heap = Allocations.heapAfterGc();
				peak.getAndUpdate((current) -> Double.doubleToLongBits(Math.max(Double.longBitsToDouble(current), heap)));
			}, 2, 2, TimeUnit.SECONDS);
			long start = System.nanoTime();
			relay.start();
			try {
				long deadline = start + TimeUnit.MINUTES.toNanos(30);
				while (this.infrastructure.records(TOPIC) - published < events) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("The relay did not drain " + events + " entries within 30 minutes");
					}
					TimeUnit.MILLISECONDS.sleep(200);
				}
				double rate = events / ((System.nanoTime() - start) / 1e9);
				return new Drain(events, rate, heapBefore, Double.longBitsToDouble(peak.get()));
			}
			finally {
				sampler.shutdownNow();
				relay.stop();
				// The server keeps only one backlog at a time.
				mongo.getDb().drop();
			}
		}
	}

	/**
	 * Store the entries as the event outbox does, in bulk (not timed): small payloads, so that a
	 * million fit the server.
	 */
	private static void fill(MongoCollection<Document> outbox, int events) {
		List<Document> chunk = new ArrayList<>(CHUNK);
		Date now = new Date();
		for (int i = 0; i < events; i++) {
			String eventId = UUID.randomUUID().toString();
			String key = "key-" + (i % 50_000);
			chunk.add(new Document(OutboxDocuments.ID, eventId).append(OutboxDocuments.TOPIC, TOPIC)
				.append(OutboxDocuments.KEY, key)
				.append(OutboxDocuments.TYPE, "bench_event")
				.append(OutboxDocuments.PAYLOAD, new Document("seq", i).append("customer", "customer-" + (i % 977)))
				.append(OutboxDocuments.EVENT_ID, eventId)
				.append(OutboxDocuments.HEADERS, new Document())
				.append(OutboxDocuments.CORRELATION_ID, UUID.randomUUID().toString())
				.append(OutboxDocuments.CREATED, now)
				.append(OutboxDocuments.PUBLISHED, false)
				.append(OutboxDocuments.FAILED, false)
				// What the database stamps: unique, increasing timestamps.
				.append(OutboxDocuments.SEQUENCE, new BsonTimestamp((int) (now.getTime() / 1000), i + 1))
				.append(OutboxDocuments.WRITER_SEQUENCE, new ObjectId())
				.append(OutboxDocuments.KEY_HASH, MongoEventOutbox.keyHash(key)));
			if (chunk.size() == CHUNK || i == events - 1) {
				outbox.insertMany(chunk);
				chunk = new ArrayList<>(CHUNK);
			}
		}
	}

	@Override
	public void close() {
		if (this.server != null) {
			this.server.close();
		}
	}

}
