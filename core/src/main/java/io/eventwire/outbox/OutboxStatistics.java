package io.eventwire.outbox;

import java.time.Duration;
import java.util.Date;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * The outbox's backlog, read from MongoDB on a schedule of its own and served from memory, so that
 * health probes and meter scrapes issue no MongoDB command however often they come.
 */
public final class OutboxStatistics {

	private static final Logger logger = LoggerFactory.getLogger(OutboxStatistics.class);

	/**
	 * What was read last.
	 *
	 * @param pending events waiting to be published (not counting failed ones)
	 * @param failed events the relay gave up on
	 * @param oldestPending when the oldest waiting event was stored, or {@code null} when none waits
	 * @param failure why the last reading failed, or {@code null} when it succeeded
	 */
	public record Snapshot(long pending, long failed, @Nullable Date oldestPending, @Nullable String failure) {

	}

	/** The events that wait to be published: not yet published, and not given up on. */
	static final Bson PENDING = Filters.and(Filters.eq(OutboxDocuments.PUBLISHED, false),
			Filters.ne(OutboxDocuments.FAILED, true));

	private final MongoOperations mongo;

	private final String collection;

	private final Duration interval;

	// Until the first reading, a few milliseconds after the relay starts: nothing known to wait.
	private volatile Snapshot current = new Snapshot(0, 0, null, null);

	private @Nullable ScheduledExecutorService scheduler;

	OutboxStatistics(MongoOperations mongo, String collection, Duration interval) {
		this.mongo = mongo;
		this.collection = collection;
		this.interval = interval;
	}

	/**
	 * @return what was read last (at most one refresh interval old)
	 */
	public Snapshot current() {
		return this.current;
	}

	synchronized void start() {
		if (this.scheduler == null) {
			ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "eventwire-outbox-statistics");
				thread.setDaemon(true);
				return thread;
			});
			scheduler.scheduleWithFixedDelay(this::refresh, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
			this.scheduler = scheduler;
		}
	}

	synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	void refresh() {
		try {
			long pending = pendingCount();
			this.current = new Snapshot(pending, failedCount(), (pending == 0) ? null : oldestPending(), null);
		}
		catch (RuntimeException ex) {
			Snapshot last = this.current;
			this.current = new Snapshot(last.pending(), last.failed(), last.oldestPending(), ex.toString());
			logger.debug("Could not read the outbox statistics: {}", ex.toString());
		}
	}

	/**
	 * @return how many events wait to be published (not counting failed ones), counted now
	 */
	long pendingCount() {
		return this.mongo.execute(this.collection, (outbox) -> outbox.countDocuments(PENDING));
	}

	/**
	 * @return how many events the relay gave up on, counted now
	 */
	long failedCount() {
		return this.mongo.execute(this.collection,
				(outbox) -> outbox.countDocuments(Filters.eq(OutboxDocuments.FAILED, true)));
	}

	/**
	 * @return when the oldest event that waits to be published was stored, read now, or
	 * {@code null} when none waits
	 */
	@Nullable Date oldestPending() {
		Document oldest = this.mongo.execute(this.collection,
				(outbox) -> outbox.find(PENDING).sort(Sorts.ascending(OutboxDocuments.SEQUENCE)).limit(1).first());
		return (oldest != null) ? oldest.getDate(OutboxDocuments.CREATED) : null;
	}

}
