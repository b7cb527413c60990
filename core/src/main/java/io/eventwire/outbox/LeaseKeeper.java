package io.eventwire.outbox;

import java.time.Duration;
import java.util.Collections;
import java.util.SortedSet;

/**
 * The relay thread's view of its shard leases: which shards it holds now, refreshed on a schedule
 * of its own (a sixth of the lease), not before every batch, because a refresh is several round
 * trips to MongoDB that would add to the latency of every event relayed under load. Only the relay
 * thread uses it.
 */
final class LeaseKeeper {

	private final ShardLeases leases;

	private final long refreshIntervalNanos;

	private SortedSet<Integer> held = Collections.emptySortedSet();

	private long refreshedAt;

	LeaseKeeper(ShardLeases leases, Duration refreshInterval) {
		this.leases = leases;
		this.refreshIntervalNanos = refreshInterval.toNanos();
	}

	/**
	 * @return the shards this instance holds, refreshed first when the refresh is due, when it holds
	 * none, or when its local lease deadline has passed
	 */
	SortedSet<Integer> heldShards() {
		long now = System.nanoTime();
		if (this.held.isEmpty() || !this.leases.stillHeld()
				|| now - this.refreshedAt >= this.refreshIntervalNanos) {
			this.held = this.leases.refresh();
			this.refreshedAt = now;
		}
		return this.held;
	}

	/**
	 * Extend the held leases while a batch waits for Kafka, so that a slow batch keeps its shards.
	 */
	void renewWhileWaiting() {
		this.leases.renew(this.held.size());
	}

	/**
	 * @return whether the leases cannot have expired yet (see {@link ShardLeases#stillHeld()})
	 */
	boolean stillHeld() {
		return this.leases.stillHeld();
	}

	void releaseAll() {
		this.held = Collections.emptySortedSet();
		this.leases.releaseAll();
	}

}
