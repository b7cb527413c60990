package io.eventwire.outbox;

import java.time.Duration;
import java.util.Date;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	private final OutboxStore store;

	private final Duration interval;

	// Until the first reading, right after the relay's first cycle (ten batches at most): nothing
	// known to wait.
	private volatile Snapshot current = new Snapshot(0, 0, null, null);

	private @Nullable ScheduledExecutorService scheduler;

	OutboxStatistics(OutboxStore store, Duration interval) {
		this.store = store;
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
			long pending = this.store.pendingCount();
			this.current = new Snapshot(pending, this.store.failedCount(),
					(pending == 0) ? null : this.store.oldestPending(), null);
		}
		catch (RuntimeException ex) {
			Snapshot last = this.current;
			this.current = new Snapshot(last.pending(), last.failed(), last.oldestPending(), ex.toString());
			logger.debug("Could not read the outbox statistics: {}", ex.toString());
		}
	}

}
