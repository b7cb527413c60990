package io.eventwire.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.eventwire.internal.LogSafe;
import io.eventwire.internal.TtlIndexes;
import io.eventwire.publish.EventProducer;
import io.eventwire.publish.EventRecordFactory;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.mongodb.core.DbCallback;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes the events stored in the outbox to Kafka.
 * <p>
 * Keys are split into shards by a hash; each running instance leases a fair share of the shards
 * (see {@link ShardLeases}), so many instances may run and events of one key always go out from
 * one instance, in the order they were written. The relay sends a batch without waiting between
 * records, awaits all acknowledgements, then marks the batch published in one bulk write. A crash
 * in between means the batch is sent again, with the same event ids: delivery is at least once.
 * <p>
 * When Kafka is unreachable nothing is marked and the relay backs off; it resumes when Kafka is
 * back. A send that fails for a reason retrying cannot fix (a record too large, say) counts as an
 * attempt; after {@code maxAttempts} the event is marked failed with the reason and no longer
 * blocks its shard.
 */
public class OutboxRelay implements SmartLifecycle, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	private static final Duration MAX_WAIT = Duration.ofMinutes(5);

	private final MongoOperations mongo;

	private final OutboxRelaySettings settings;

	private final OutboxMetrics metrics;

	private final Clock clock;

	private final ShardLeases leases;

	private final @Nullable OutboxDaoFactory statefulOutbox;

	/**
	 * How many batches one query reads at most.
	 */
	static final int BATCHES_PER_QUERY = 10;

	private final Semaphore wakeUps = new Semaphore(0);

	private final OutboxStatistics statistics;

	private final OutboxSender sender;

	private final Duration leaseRefreshInterval;

	// Only the relay thread reads and writes these two.
	private SortedSet<Integer> heldShards = Collections.emptySortedSet();

	private Instant leasesRefreshedAt = Instant.MIN;

	private volatile @Nullable Thread thread;

	private volatile boolean running;

	/**
	 * @param mongo reads and marks the outbox
	 * @param producer sends the events
	 * @param records builds the records
	 * @param settings how the relay works
	 * @param metrics counts what the relay does
	 * @param clock for leases and timestamps
	 * @param statefulOutbox the stateful outbox, whose pending changes the relay publishes too, or
	 * {@code null}
	 * @param tracing continues the trace stored with each event
	 */
	public OutboxRelay(MongoOperations mongo, EventProducer producer, EventRecordFactory records,
			OutboxRelaySettings settings, OutboxMetrics metrics, Clock clock, @Nullable OutboxDaoFactory statefulOutbox,
			OutboxTracing tracing) {
		this.mongo = mongo;
		this.settings = settings;
		this.metrics = metrics;
		this.clock = clock;
		this.statefulOutbox = statefulOutbox;
		this.leases = new ShardLeases(mongo, settings.leaseCollection(), settings.instanceId(), settings.shards(),
				settings.leaseDuration(), clock);
		this.leaseRefreshInterval = settings.leaseRefreshInterval();
		this.statistics = new OutboxStatistics(mongo, settings.collection(), this.leaseRefreshInterval);
		this.sender = new OutboxSender(producer, records, tracing);
	}

	/**
	 * @return the backlog as last read (at most a sixth of the lease duration old); reading it issues
	 * no MongoDB command, so health probes and meters use it
	 */
	public OutboxStatistics.Snapshot statistics() {
		return this.statistics.current();
	}

	/**
	 * Stop reading the statistics: the relay is gone for good.
	 */
	@Override
	public void destroy() {
		this.statistics.stop();
	}

	/**
	 * Look for events now rather than at the next poll. Called after a local outbox write commits.
	 */
	public void wakeUp() {
		this.wakeUps.release();
	}

	@Override
	public void start() {
		// Read on their own schedule, also while the relay is stopped.
		this.statistics.start();
		this.metrics.bind(() -> this.statistics.current().pending(), () -> this.statistics.current().oldestPending());
		this.running = true;
		// Not a daemon, like Spring's scheduler threads: an application that only relays keeps running.
		Thread relay = new Thread(this::run, "eventwire-outbox-relay");
		this.thread = relay;
		relay.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread relay = this.thread;
		if (relay != null) {
			// Let the batch in flight finish and be marked, so that the next holder of its shard does not send it again.
			wakeUp();
			try {
				relay.join(Duration.ofSeconds(30).toMillis());
				if (relay.isAlive()) {
					relay.interrupt();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		try {
			this.leases.releaseAll();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not release the outbox shard leases of {}; they expire in {}",
					this.settings.instanceId(), this.settings.leaseDuration(), ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * @return this instance's name in the lease collection
	 */
	public String getInstanceId() {
		return this.settings.instanceId();
	}

	private void createIndexes() {
		this.mongo.execute(this.settings.collection(), (outbox) -> {
			outbox.createIndex(Indexes.ascending(OutboxDocuments.PUBLISHED, OutboxDocuments.SEQUENCE));
			return null;
		});
		this.mongo.execute((DbCallback<Void>) (database) -> {
			TtlIndexes.ensure(database, this.settings.collection(), OutboxDocuments.PUBLISHED_AT,
					this.settings.retention());
			return null;
		});
	}

	private void run() {
		Duration backoff = Duration.ZERO;
		boolean indexed = false;
		long nextPoll = System.nanoTime();
		while (this.running) {
			try {
				// Here rather than in start(): an unreachable MongoDB must not stop the application starting.
				if (!indexed) {
					createIndexes();
					indexed = true;
				}
				if (System.nanoTime() - nextPoll >= 0) {
					boolean more = relayOnce();
					backoff = Duration.ZERO;
					if (more) {
						continue;
					}
					nextPoll = System.nanoTime() + this.settings.pollInterval().toNanos();
				}
				else {
					// Leases are kept on their own schedule, however long the poll interval.
					heldShards();
				}
				// Woken by a local outbox write, or when the leases are due, whichever is first.
				long wait = Math.min(nextPoll - System.nanoTime(), this.leaseRefreshInterval.toNanos());
				if (this.wakeUps.tryAcquire(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
					this.wakeUps.drainPermits();
					nextPoll = System.nanoTime();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				backoff = backoff.isZero() ? this.settings.pollInterval()
						: (backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2));
				if (backoff.compareTo(MAX_BACKOFF) > 0) {
					backoff = MAX_BACKOFF;
				}
				logger.warn("Outbox relay {} failed, trying again in {}: {}", this.settings.instanceId(), backoff,
						ex.toString());
				try {
					sleepWhileRunning(backoff);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
				nextPoll = System.nanoTime();
			}
		}
	}

	// Not woken by outbox writes, which would cut the backoff short, but by stop().
	private void sleepWhileRunning(Duration duration) throws InterruptedException {
		long deadline = System.nanoTime() + duration.toNanos();
		while (this.running && System.nanoTime() < deadline) {
			Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
		}
	}

	/**
	 * Send the oldest events of the held shards, batch after batch, from one query: at most
	 * {@link #BATCHES_PER_QUERY} batches, streamed from the cursor. Streaming stops early when a batch
	 * had a failure (the next query starts again at the failed event), when the held shards change,
	 * or when the relay stops.
	 * @return whether more events may be waiting
	 */
	boolean relayOnce() throws InterruptedException {
		SortedSet<Integer> shards = heldShards();
		if (shards.isEmpty()) {
			return false;
		}
		// One instance catches up on stateful changes that were not published: the holder of shard 0.
		if (this.statefulOutbox != null && shards.contains(0)) {
			this.statefulOutbox.publishPending();
		}
		// One query for all held shards: sorted by write order, so each shard's events stay in order.
		Bson pending = OutboxStatistics.PENDING;
		if (shards.size() < this.settings.shards()) {
			pending = Filters.and(pending, Filters.or(shards.stream()
				.map((shard) -> Filters.mod(OutboxDocuments.KEY_HASH, this.settings.shards(), shard))
				.toList()));
		}
		int batchSize = this.settings.batchSize();
		// The limit bounds what a server that ignores the cursor's batch size sends at once.
		int limit = batchSize * BATCHES_PER_QUERY;
		try (MongoCursor<Document> cursor = this.mongo.getCollection(this.settings.collection())
			.find(pending)
			.sort(Sorts.ascending(OutboxDocuments.SEQUENCE))
			.limit(limit)
			.batchSize(batchSize)
			.cursor()) {
			List<Document> batch = new ArrayList<>(batchSize);
			while (true) {
				batch.clear();
				while (batch.size() < batchSize && cursor.hasNext()) {
					batch.add(cursor.next());
				}
				if (batch.isEmpty()) {
					return false;
				}
				if (!this.leases.stillHeld()) {
					// Paused longer than the lease (or a renewal failed): the shards may be another's now.
					return true;
				}
				boolean clean = relay(batch);
				if (batch.size() < batchSize) {
					return false;
				}
				if (!clean || !this.running || !heldShards().equals(shards)) {
					return true;
				}
			}
		}
	}

	/**
	 * The shards this instance holds. Leases are refreshed (renewed, shared out anew) when the last
	 * refresh is older than the refresh interval, not before every batch: a refresh is several round
	 * trips to MongoDB, which would add to the latency of every event relayed under load.
	 */
	private SortedSet<Integer> heldShards() {
		Instant now = this.clock.instant();
		if (this.heldShards.isEmpty() || !this.leases.stillHeld()
				|| !now.isBefore(this.leasesRefreshedAt.plus(this.leaseRefreshInterval))) {
			this.heldShards = this.leases.refresh();
			this.leasesRefreshedAt = now;
		}
		return this.heldShards;
	}

	/**
	 * Send a batch, await the acknowledgements, mark what was published.
	 * @return whether every event of the batch was published
	 */
	private boolean relay(List<Document> batch) throws InterruptedException {
		long started = System.nanoTime();
		List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(batch.size());
		for (Document event : batch) {
			CompletableFuture<SendResult<String, byte[]>> send = this.sender.send(event);
			sends.add(send);
			if (SendFailures.refusedForNow(send)) {
				// The producer refused at once because Kafka is unreachable (no metadata, say): sending the
				// rest now could let a later event of a key overtake this one if Kafka came back in between.
				break;
			}
		}
		List<WriteModel<Document>> marks = new ArrayList<>(sends.size());
		Set<String> keysWithFailures = new HashSet<>();
		Date now = Date.from(this.clock.instant());
		RuntimeException transientFailure = null;
		int published = 0;
		for (int i = 0; i < sends.size(); i++) {
			Document event = batch.get(i);
			String key = event.getString(OutboxDocuments.TOPIC) + '\u0000' + event.getString(OutboxDocuments.KEY);
			Bson same = sameEvent(event);
			Throwable failure = await(sends.get(i));
			if (failure == null) {
				// After a failure of its key, an event stays pending and goes out again behind the failed
				// one: a duplicate with the same event id rather than a gap in the key's order.
				if (!keysWithFailures.contains(key)) {
					marks.add(new UpdateOneModel<>(same, Updates.combine(Updates.set(OutboxDocuments.PUBLISHED, true),
							Updates.set(OutboxDocuments.PUBLISHED_AT, now))));
					published++;
				}
			}
			else if (SendFailures.isPermanent(failure)) {
				keysWithFailures.add(key);
				marks.add(permanentFailure(event, same, failure));
			}
			else {
				keysWithFailures.add(key);
				if (transientFailure == null) {
					transientFailure = new IllegalStateException("Kafka did not acknowledge event "
							+ event.get(OutboxDocuments.EVENT_ID) + ": " + failure, failure);
				}
			}
		}
		if (!marks.isEmpty()) {
			this.mongo.execute(this.settings.collection(), (MongoCollection<Document> outbox) -> outbox.bulkWrite(marks));
		}
		this.metrics.batch(published, System.nanoTime() - started);
		if (transientFailure != null) {
			throw transientFailure;
		}
		return published == batch.size();
	}

	/**
	 * A filter for exactly this stored event. Its id is the event id, except on compacted topics
	 * ("topic:key"), where a newer event may have replaced it since it was read: there the event id
	 * must match too. A filter on the id alone is one the simplest MongoDB-wire servers also answer
	 * from the id index.
	 */
	private static Bson sameEvent(Document event) {
		Object id = event.get(OutboxDocuments.ID);
		Object eventId = event.get(OutboxDocuments.EVENT_ID);
		return id.equals(eventId) ? Filters.eq(OutboxDocuments.ID, id)
				: Filters.and(Filters.eq(OutboxDocuments.ID, id), Filters.eq(OutboxDocuments.EVENT_ID, eventId));
	}

	/**
	 * Wait for a send's outcome, renewing the leases meanwhile. The producer's delivery.timeout.ms
	 * bounds the wait; MAX_WAIT only guards against a send that never completes.
	 */
	private @Nullable Throwable await(CompletableFuture<SendResult<String, byte[]>> send) throws InterruptedException {
		long slice = Math.max(1, this.settings.leaseDuration().toMillis() / 3);
		long deadline = System.nanoTime() + MAX_WAIT.toNanos();
		while (true) {
			try {
				send.get(slice, TimeUnit.MILLISECONDS);
				return null;
			}
			catch (ExecutionException ex) {
				return ex.getCause();
			}
			catch (TimeoutException ex) {
				if (System.nanoTime() > deadline) {
					return ex;
				}
				this.leases.renew(this.heldShards.size());
			}
		}
	}

	private WriteModel<Document> permanentFailure(Document event, Bson same, Throwable failure) {
		int attempts = event.getInteger(OutboxDocuments.ATTEMPTS, 0) + 1;
		String reason = LogSafe.escape(NestedExceptionUtils.getMostSpecificCause(failure).toString());
		boolean giveUp = attempts >= this.settings.maxAttempts();
		if (giveUp) {
			logger.error("Giving up on outbox event {} of type '{}' for {} after {} attempts: {}. It stays in the "
					+ "outbox marked failed; see the outbox documentation to retry or discard it.",
					event.get(OutboxDocuments.EVENT_ID), event.get(OutboxDocuments.TYPE), event.get(OutboxDocuments.TOPIC),
					attempts, reason);
			this.metrics.failed(event.getString(OutboxDocuments.TOPIC));
		}
		else {
			logger.warn("Attempt {} to publish outbox event {} of type '{}' failed: {}", attempts,
					event.get(OutboxDocuments.EVENT_ID), event.get(OutboxDocuments.TYPE), reason);
		}
		return new UpdateOneModel<>(same, Updates.combine(Updates.set(OutboxDocuments.ATTEMPTS, attempts),
				Updates.set(OutboxDocuments.LAST_ERROR, reason), Updates.set(OutboxDocuments.FAILED, giveUp)));
	}

	/**
	 * @return how many events wait to be published (not counting failed ones), counted now (a
	 * MongoDB command; {@link #statistics()} has the last count without one)
	 */
	public long pendingCount() {
		return this.statistics.pendingCount();
	}

	/**
	 * @return how many events the relay gave up on (marked failed), counted now
	 */
	public long failedCount() {
		return this.statistics.failedCount();
	}

	/**
	 * @return when the oldest event that waits to be published was stored, read now, or
	 * {@code null} when none waits
	 */
	public @Nullable Date oldestPending() {
		return this.statistics.oldestPending();
	}

}
