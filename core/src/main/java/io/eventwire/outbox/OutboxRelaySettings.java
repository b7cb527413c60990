package io.eventwire.outbox;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How the {@link OutboxRelay} works.
 *
 * @param collection the outbox collection
 * @param leaseCollection the collection of shard leases
 * @param pollInterval how often the relay looks for events when not woken (leases are kept on a
 * schedule of their own, so any interval works with any lease duration)
 * @param batchSize how many events it sends before marking them published
 * @param leaseDuration how long a shard lease lasts without renewal
 * @param shards into how many shards the keys are split
 * @param maxAttempts after how many permanent send failures an event is marked failed
 * @param retention how long published events are kept
 * @param instanceId this instance's name in the lease collection
 * @param idleCheckInterval until the outbox is used (written by this instance, or holding a
 * document), how often the relay checks whether it is; it does nothing else in MongoDB meanwhile
 */
public record OutboxRelaySettings(String collection, String leaseCollection, Duration pollInterval, int batchSize,
		Duration leaseDuration, int shards, int maxAttempts, Duration retention, String instanceId,
		Duration idleCheckInterval) {

	/** How often an unused outbox is checked by default. */
	public static final Duration DEFAULT_IDLE_CHECK_INTERVAL = Duration.ofMinutes(1);

	/**
	 * Settings that check an unused outbox once a minute.
	 */
	public OutboxRelaySettings(String collection, String leaseCollection, Duration pollInterval, int batchSize,
			Duration leaseDuration, int shards, int maxAttempts, Duration retention, String instanceId) {
		this(collection, leaseCollection, pollInterval, batchSize, leaseDuration, shards, maxAttempts, retention,
				instanceId, DEFAULT_IDLE_CHECK_INTERVAL);
	}

	/**
	 * @return how often leases are refreshed: a sixth of their duration, so that a lease is renewed
	 * several times before it could expire, whatever the poll interval
	 */
	public Duration leaseRefreshInterval() {
		return this.leaseDuration.dividedBy(6);
	}

	public OutboxRelaySettings {
		Assert.hasText(collection, "collection must not be blank");
		Assert.hasText(leaseCollection, "leaseCollection must not be blank");
		Assert.isTrue(pollInterval.toMillis() > 0, "pollInterval must be positive");
		Assert.isTrue(batchSize > 0, "batchSize must be positive");
		Assert.isTrue(leaseDuration.toMillis() > 0, "leaseDuration must be positive");
		Assert.isTrue(shards > 0, "shards must be positive");
		Assert.isTrue(maxAttempts > 0, "maxAttempts must be positive");
		Assert.hasText(instanceId, "instanceId must not be blank");
		Assert.isTrue(idleCheckInterval.toMillis() > 0, "idleCheckInterval must be positive");
	}

}
