package io.eventwire.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.eventwire.outbox.MongoEventOutbox;
import io.eventwire.outbox.OutboxDocuments;
import io.eventwire.outbox.OutboxMetrics;
import io.eventwire.outbox.OutboxRelay;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The relay in front of a large backlog: the entries are stored in the MongoDB server's process
 * (mongo-java-server's own, or a real MongoDB), so the benchmark's heap holds only the relay and its
 * client. The relay drains up to {@code drained} entries of the backlog, while the heap in use after
 * a full GC is sampled every two seconds; also timed: from the relay's start to its first batch
 * published and marked, and, before the relay starts, what the relay asks the server before its
 * first batch (its start-up update and its query, to the first batch of pending entries in write
 * order), which is the server's part of that time.
 */
final class RelayMemoryWorkload {

	static final String TOPIC = "bench-relay-memory";

	private static final int CHUNK = 5_000;

	private final Infrastructure infrastructure;

	private final int drained;

	private int run;

	/**
	 * One backlog.
	 *
	 * @param events entries in the backlog
	 * @param drained entries drained while the heap was sampled
	 * @param rate events per second while draining them
	 * @param heapBefore heap in use after a full GC once the entries were stored, before the relay
	 * started (MB)
	 * @param peakHeap the highest heap in use after a full GC while the relay drained (MB)
	 * @param firstBatchMillis from the relay's start to its first batch published and marked (ms)
	 * @param queryMillis the relay's start-up update and query alone, to its first batch of entries (ms)
	 */
	record Drain(int events, long drained, double rate, double heapBefore, double peakHeap, double firstBatchMillis,
			double queryMillis) {

		double growth() {
			return this.peakHeap - this.heapBefore;
		}

	}

	/**
	 * @param drained how many entries of each backlog to drain at most
	 */
	RelayMemoryWorkload(Infrastructure infrastructure, int drained) {
		this.infrastructure = infrastructure;
		this.drained = drained;
		infrastructure.createTopic(TOPIC, 6);
	}

	Drain drain(int events) throws InterruptedException {
		String database = "bench-relay-memory-" + (++this.run);
		try (ConfigurableApplicationContext context = this.infrastructure.application(RelayWorkload.App.class)
			.run(Workloads.args(this.infrastructure, database, "--eventwire.service-name=bench-relay-memory"))) {
			MongoTemplate mongo = context.getBean(MongoTemplate.class);
			MongoCollection<Document> outbox = mongo.getCollection("eventwire_outbox");
			createIndexes(context);
			fill(outbox, events);
			double queryMillis = firstBatchOfQuery(outbox);
			long toDrain = Math.min(events, this.drained);
			RelayProgress progress = new RelayProgress(toDrain);
			OutboxRelay relay = RelayWorkload.relay(context, progress);
			double heapBefore = HeapInUse.afterGc();
			AtomicLong peak = new AtomicLong(Double.doubleToLongBits(heapBefore));
			ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
			sampler.scheduleWithFixedDelay(() -> {
				double heap = HeapInUse.afterGc();
				peak.getAndUpdate((current) -> Double.doubleToLongBits(Math.max(Double.longBitsToDouble(current), heap)));
			}, 2, 2, TimeUnit.SECONDS);
			long start = System.nanoTime();
			relay.start();
			try {
				progress.await(Duration.ofMinutes(30));
				long drained = progress.published();
				double rate = drained / ((System.nanoTime() - start) / 1e9);
				return new Drain(events, drained, rate, heapBefore, Double.longBitsToDouble(peak.get()),
						(progress.firstBatchNanos() - start) / 1e6, queryMillis);
			}
			finally {
				sampler.shutdownNow();
				relay.stop();
				relay.destroy();
				// The server keeps only one backlog at a time.
				mongo.getDb().drop();
			}
		}
	}

	// As a relay does before the first write: the query below then runs as the relay's would.
	private static void createIndexes(ConfigurableApplicationContext context) {
		OutboxRelay relay = RelayWorkload.relay(context, OutboxMetrics.NONE);
		relay.start();
		relay.beforeFirstWrite();
		relay.stop();
		relay.destroy();
	}

	// What the relay asks the server before its first batch: the update that gives entries stored by
	// earlier versions the failed field (it matches none here), and its query (pending, in write
	// order, ten batches at most) to the first batch.
	private static double firstBatchOfQuery(MongoCollection<Document> outbox) {
		long start = System.nanoTime();
		outbox.updateMany(Filters.and(Filters.eq(OutboxDocuments.PUBLISHED, false),
				Filters.exists(OutboxDocuments.FAILED, false)), Updates.set(OutboxDocuments.FAILED, false));
		long update = System.nanoTime() - start;
		return (update + Workloads.relayQueryNanos(outbox)) / 1e6;
	}

	/**
	 * Store the entries as the event outbox does, in bulk (not timed): small payloads, so that a
	 * million fit the server.
	 */
	private static void fill(MongoCollection<Document> outbox, int events) {
		fill(outbox, TOPIC, events, false);
	}

	/**
	 * @param held whether to store them marked failed, which the relay leaves alone until they are
	 * marked pending
	 */
	static void fill(MongoCollection<Document> outbox, String topic, int events, boolean held) {
		List<Document> chunk = new ArrayList<>(CHUNK);
		Date now = new Date();
		for (int i = 0; i < events; i++) {
			String eventId = UUID.randomUUID().toString();
			String key = "key-" + (i % 50_000);
			chunk.add(new Document(OutboxDocuments.ID, eventId).append(OutboxDocuments.TOPIC, topic)
				.append(OutboxDocuments.KEY, key)
				.append(OutboxDocuments.TYPE, "bench_event")
				.append(OutboxDocuments.PAYLOAD_JSON, "{\"seq\":" + i + ",\"customer\":\"customer-" + (i % 977) + "\"}")
				.append(OutboxDocuments.EVENT_ID, eventId)
				.append(OutboxDocuments.HEADERS, new Document())
				.append(OutboxDocuments.CORRELATION_ID, UUID.randomUUID().toString())
				.append(OutboxDocuments.CREATED, now)
				.append(OutboxDocuments.PUBLISHED, false)
				.append(OutboxDocuments.FAILED, held)
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

}
