package io.eventwire.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;

import io.eventwire.internal.MissingPrivileges;
import io.eventwire.publish.EventProducer;
import io.eventwire.publish.EventRecordFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishes the events stored in the outbox to Kafka.
 * <p>
 * Keys are split into shards by a hash; each running instance leases a fair share of the shards
 * (see {@link ShardLeases}), so many instances may run and events of one key always go out from
 * one instance, in the order they were written. The relay sends a batch without waiting between
 * records, awaits all acknowledgements, then marks the batch published in one bulk write. A crash
 * in between means the batch is sent again, with the same event ids: delivery is at least once.
 * <p>
 * When Kafka does not take an event for a reason that may pass (unreachable, Write revoked,
 * credentials rejected) nothing is marked and its topic waits on a backoff of its own. A send that fails for a reason retrying cannot fix (a record too large, say) counts as an
 * attempt; after {@code maxAttempts} the event is marked failed with the reason and no longer
 * blocks its shard.
 * <p>
 * This class is the lifecycle; the work is done by {@link RelayLoop} (polling, wakeups, backoff),
 * {@link RelayCycle} (what one round reads), {@link BatchPublisher} (send, await, mark),
 * {@link OutboxStore} and {@link StatefulChanges} (queries and marks), {@link LeaseKeeper} and
 * {@link ShardLeases} (which shards this instance holds) and {@link TopicWaits}. Until the outbox is
 * used it does nothing in MongoDB but one cheap check per idle-check interval ({@link OutboxUse}).
 */
public class OutboxRelay implements SmartLifecycle, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final OutboxRelaySettings settings;

	private final OutboxMetrics metrics;

	private final Semaphore wakeUps = new Semaphore(0);

	private final OutboxStore store;

	private final OutboxStatistics statistics;

	private final OutboxSender sender;

	private final LeaseKeeper leases;

	private final TopicWaits topicWaits;

	private final RelayLoop loop;

	private final OutboxUse use;

	private final MissingPrivileges privileges = new MissingPrivileges();

	private volatile @Nullable Thread thread;

	private volatile boolean running;

	private volatile boolean stopping;

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
		Duration leaseRefreshInterval = settings.leaseRefreshInterval();
		this.topicWaits = new TopicWaits(settings.pollInterval());
		this.leases = new LeaseKeeper(new ShardLeases(mongo, settings.leaseCollection(), settings.instanceId(),
				settings.shards(), settings.leaseDuration()), leaseRefreshInterval);
		this.store = new OutboxStore(mongo, settings.collection());
		OutboxIndexes indexes = new OutboxIndexes(mongo, settings.collection(), settings.retention(), this.privileges);
		this.statistics = new OutboxStatistics(this.store, leaseRefreshInterval);
		this.sender = new OutboxSender(producer, records, tracing);
		BatchPublisher batches = new BatchPublisher(this.sender, this.leases, metrics, settings, clock, this.topicWaits);
		StatefulCollections stateful = new StatefulCollections(mongo, StatefulCollections.registryOf(settings.collection()),
				() -> (statefulOutbox != null) ? statefulOutbox.changes() : List.of(), records, leaseRefreshInterval);
		RelayCycle cycle = new RelayCycle(settings, this.leases, this.store, indexes, batches, stateful, this.topicWaits,
				() -> this.running);
		this.use = new OutboxUse(mongo, settings.collection(), stateful::usedIfNotEmpty, settings.idleCheckInterval());
		// Statistics are read on their own schedule, also while the relay is stopped, once the outbox is used.
		this.loop = new RelayLoop(settings, this.store, this.leases, cycle, this.topicWaits, this.wakeUps,
				() -> this.running, this.use, this.statistics::start, () -> this.stopping);
	}

	/**
	 * @return the backlog as last read (at most a sixth of the lease duration old); reading it issues
	 * no MongoDB command, so health probes and meters use it
	 */
	public OutboxStatistics.Snapshot statistics() {
		return this.statistics.current();
	}

	/**
	 * @return the topics this instance's relay waits for: sends to them failed for a reason that may
	 * pass (Kafka unreachable, Write not allowed, credentials rejected), and none went through since;
	 * their events stay pending. Read from memory.
	 */
	public Set<String> waitingTopics() {
		return this.topicWaits.failing();
	}

	/**
	 * @return the commands MongoDB refused to the relay for lack of privileges, and what the relay
	 * does without them (an index left as it is); logged once each at WARN
	 */
	public List<String> missingPrivileges() {
		return this.privileges.all();
	}

	/**
	 * Stop reading the statistics and flushing the producer: the relay is gone for good.
	 */
	@Override
	public void destroy() {
		this.statistics.stop();
		this.sender.shutdown();
	}

	/**
	 * Look for events now rather than at the next poll. Called after a local outbox write commits.
	 */
	public void wakeUp() {
		this.use.written();
		this.wakeUps.release();
	}

	/**
	 * Called before this instance's first outbox write: an idle relay starts, and the writer waits
	 * (up to ten seconds) until the relay has created the outbox's indexes, so that they are not built
	 * while the first writes arrive. Returns at once if the relay does not run, and inside a
	 * transaction: the collection created or indexed after the transaction's snapshot would fail its
	 * write (a transient transaction error on a replica set), and an index build would wait for the
	 * transaction that waits for it. There the relay prepares once the transaction committed.
	 */
	public void beforeFirstWrite() {
		if (!this.running || this.stopping || TransactionSynchronizationManager.isActualTransactionActive()) {
			return;
		}
		try {
			this.use.beforeFirstWrite(FIRST_WRITE_WAIT);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static final Duration FIRST_WRITE_WAIT = Duration.ofSeconds(10);

	/**
	 * The application uses the outbox (a bean injects it): the relay leaves its idle wait and
	 * prepares the outbox collection now, at startup, so that no first write inside a transaction
	 * meets its preparation.
	 */
	public void expectWrites() {
		this.use.expected();
	}

	/**
	 * This instance wrote to the outbox: an idle relay starts relaying, but a polling one is not
	 * woken (for writers that do not wake the relay).
	 */
	public void outboxWritten() {
		this.use.written();
	}

	/**
	 * @return whether the outbox was used, so that the relay works: until then (until this instance
	 * writes to it or it holds a document) the relay only checks that once per idle-check interval
	 */
	public boolean outboxUsed() {
		return this.use.used();
	}

	@Override
	public void start() {
		this.metrics.bind(() -> this.statistics.current().pending(), () -> this.statistics.current().oldestPending());
		this.metrics.bindWaitingTopics(() -> this.topicWaits.failing().size());
		this.stopping = false;
		this.running = true;
		// Not a daemon, like Spring's scheduler threads: an application that only relays keeps running.
		Thread relay = new Thread(this.loop, "eventwire-outbox-relay");
		this.thread = relay;
		relay.start();
	}

	@Override
	public void stop() {
		// Send what is pending first (what the last requests and handlers wrote): the loop drains for up to
		// ten seconds; a cycle blocked on an unreachable MongoDB or Kafka can hold the stop up to the 30 s join.
		this.stopping = true;
		this.use.cancel();
		Thread relay = this.thread;
		if (relay != null) {
			this.wakeUps.release();
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
		this.running = false;
		if (!this.use.used()) {
			return;
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
	 * The relay starts before and stops after eventwire's consumers
	 * ({@link io.eventwire.consume.EventListenerContainers#PHASE}), so that it sends what the last
	 * requests and handlers wrote before the producer closes.
	 */
	@Override
	public int getPhase() {
		return PHASE;
	}

	/** The relay's lifecycle phase. */
	public static final int PHASE = io.eventwire.consume.EventListenerContainers.PHASE - 1024;

	/**
	 * @return this instance's name in the lease collection
	 */
	public String getInstanceId() {
		return this.settings.instanceId();
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
