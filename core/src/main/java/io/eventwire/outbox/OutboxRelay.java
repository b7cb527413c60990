package io.eventwire.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.eventwire.publish.EventProducer;
import io.eventwire.publish.EventRecordFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoOperations;

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

	private final OutboxRelaySettings settings;

	private final OutboxMetrics metrics;

	private final Semaphore wakeUps = new Semaphore(0);

	private final OutboxStore store;

	private final OutboxStatistics statistics;

	private final LeaseKeeper leases;

	private final TopicWaits topicWaits;

	private final RelayCycle cycle;

	private final Duration leaseRefreshInterval;

	private volatile @Nullable Thread thread;

	private volatile boolean running;

	/**
	 * @param mongo reads and marks the outbox
	 * @param producer sends the events
	 * @param records builds the records
	 * @param settings how the relay works
	 * @param metrics counts what the relay does
	 * @param clock for the publication timestamps
	 * @param statefulOutbox the stateful outbox, whose changes the relay publishes too, or
	 * {@code null}
	 * @param tracing continues the trace stored with each event
	 */
	public OutboxRelay(MongoOperations mongo, EventProducer producer, EventRecordFactory records,
			OutboxRelaySettings settings, OutboxMetrics metrics, Clock clock, @Nullable OutboxDaoFactory statefulOutbox,
			OutboxTracing tracing) {
		this.settings = settings;
		this.metrics = metrics;
		this.leaseRefreshInterval = settings.leaseRefreshInterval();
		this.topicWaits = new TopicWaits(settings.pollInterval());
		this.leases = new LeaseKeeper(new ShardLeases(mongo, settings.leaseCollection(), settings.instanceId(),
				settings.shards(), settings.leaseDuration()), this.leaseRefreshInterval);
		this.store = new OutboxStore(mongo, settings.collection(), settings.retention());
		this.statistics = new OutboxStatistics(this.store, this.leaseRefreshInterval);
		BatchPublisher batches = new BatchPublisher(new OutboxSender(producer, records, tracing), this.leases, metrics,
				settings, clock, this.topicWaits);
		this.cycle = new RelayCycle(settings, this.leases, this.store, batches, statefulOutbox, this.topicWaits,
				() -> this.running);
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

	private void run() {
		Duration backoff = Duration.ZERO;
		boolean indexed = false;
		long nextPoll = System.nanoTime();
		while (this.running) {
			try {
				// Here rather than in start(): an unreachable MongoDB must not stop the application starting.
				if (!indexed) {
					this.store.prepare();
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
					this.leases.heldShards();
				}
				// Woken by a local outbox write, when the leases are due, or when a topic's wait ends.
				long wait = Math.min(nextPoll - System.nanoTime(), this.leaseRefreshInterval.toNanos());
				wait = Math.min(wait, this.topicWaits.nanosUntilFirstEnds().orElse(Long.MAX_VALUE));
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
	 * Run one relay cycle ({@link RelayCycle}).
	 * @return whether more may be waiting
	 */
	boolean relayOnce() throws InterruptedException {
		return this.cycle.run();
	}

	/**
	 * @return how many events wait to be published (not counting failed ones), counted now (a
	 * MongoDB command; {@link #statistics()} has the last count without one)
	 */
	public long pendingCount() {
		return this.store.pendingCount();
	}

	/**
	 * @return how many events the relay gave up on (marked failed), counted now
	 */
	public long failedCount() {
		return this.store.failedCount();
	}

	/**
	 * @return when the oldest event that waits to be published was stored, read now, or
	 * {@code null} when none waits
	 */
	public @Nullable Date oldestPending() {
		return this.store.oldestPending();
	}

}
