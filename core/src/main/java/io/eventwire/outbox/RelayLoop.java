package io.eventwire.outbox;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay thread's loop: a cycle when a poll is due or a local write woke it, the leases on their
 * own schedule in between, waits that end at the next poll, lease refresh or topic wait, whichever
 * comes first, and a backoff (doubling from the poll interval to 30 s) when a cycle failed, MongoDB
 * being unreachable, say.
 */
final class RelayLoop implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(RelayLoop.class);

	static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	/** How long a stopping relay goes on sending what is pending (what the last requests wrote). */
	static final Duration DRAIN_TIME = Duration.ofSeconds(10);

	private final OutboxRelaySettings settings;

	private final OutboxStore store;

	private final LeaseKeeper leases;

	private final RelayCycle cycle;

	private final TopicWaits topicWaits;

	private final Semaphore wakeUps;

	private final BooleanSupplier running;

	private final OutboxUse use;

	private final Runnable whenUsed;

	private final BooleanSupplier stopping;

	/**
	 * @param use until the outbox is used, the loop waits for that and does nothing else
	 * @param whenUsed runs once the outbox is used, after the first cycle (or the first failure): the
	 * statistics it starts would otherwise compete with that cycle's query for the server (three
	 * scans of the collection against the relay's first batch on a server without indexes)
	 * @param stopping true once the relay is asked to stop: it sends what is pending (for up to
	 * {@link #DRAIN_TIME}) and ends
	 */
	RelayLoop(OutboxRelaySettings settings, OutboxStore store, LeaseKeeper leases, RelayCycle cycle,
			TopicWaits topicWaits, Semaphore wakeUps, BooleanSupplier running, OutboxUse use, Runnable whenUsed,
			BooleanSupplier stopping) {
		this.settings = settings;
		this.store = store;
		this.leases = leases;
		this.cycle = cycle;
		this.topicWaits = topicWaits;
		this.wakeUps = wakeUps;
		this.running = running;
		this.use = use;
		this.whenUsed = whenUsed;
		this.stopping = stopping;
	}

	@Override
	public void run() {
		try {
			if (!this.use.await(() -> this.running.getAsBoolean() && !this.stopping.getAsBoolean())) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		Runnable whenUsed = once(this.whenUsed);
		Duration backoff = Duration.ZERO;
		boolean prepared = false;
		long nextPoll = System.nanoTime();
		long drainUntil = 0;
		while (this.running.getAsBoolean()) {
			try {
				if (this.stopping.getAsBoolean() && drainUntil == 0) {
					drainUntil = System.nanoTime() + DRAIN_TIME.toNanos();
					nextPoll = System.nanoTime();
				}
				// Here rather than at start: an unreachable MongoDB must not stop the application starting.
				if (!prepared) {
					try {
						this.cycle.prepare();
						prepared = true;
					}
					finally {
						this.use.prepared();
					}
				}
				if (System.nanoTime() - nextPoll >= 0) {
					boolean more = this.cycle.run();
					whenUsed.run();
					backoff = Duration.ZERO;
					if (drainUntil != 0 && (!more || System.nanoTime() - drainUntil >= 0)) {
						return;
					}
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
				long wait = Math.min(nextPoll - System.nanoTime(), this.settings.leaseRefreshInterval().toNanos());
				wait = Math.min(wait, this.topicWaits.nanosUntilFirstEnds().orElse(Long.MAX_VALUE));
				if (drainUntil != 0 || this.wakeUps.tryAcquire(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
					this.wakeUps.drainPermits();
					nextPoll = System.nanoTime();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				whenUsed.run();
				if (drainUntil != 0) {
					logger.warn("Outbox relay {} stops with events unsent: {}", this.settings.instanceId(), ex.toString());
					return;
				}
				backoff = backoff.isZero() ? this.settings.pollInterval() : backoff.multipliedBy(2);
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
		while (this.running.getAsBoolean() && !this.stopping.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
		}
	}

	// The action, run on the first call only: once per run of the loop.
	private static Runnable once(Runnable action) {
		AtomicBoolean done = new AtomicBoolean();
		return () -> {
			if (done.compareAndSet(false, true)) {
				action.run();
			}
		};
	}

}
