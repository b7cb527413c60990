package io.eventwire.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Which shards of the outbox this relay instance may publish, decided through a lease collection
 * shared by all instances.
 * <p>
 * Each instance keeps a heartbeat document; from the live heartbeats it computes its fair share of
 * the shards, renews the leases it holds, releases those above its share and takes free or expired
 * ones up to it. A lease expires when its holder stops renewing it (a crash), and another instance
 * then takes the shard over. Leases rely on the instances' clocks being roughly in step.
 */
class ShardLeases {

	private static final Logger logger = LoggerFactory.getLogger(ShardLeases.class);

	private static final String OWNER = "owner";

	private static final String EXPIRES = "expires";

	private static final String SHARD_PREFIX = "shard-";

	private static final String INSTANCE_PREFIX = "instance-";

	private final MongoOperations mongo;

	private final String collection;

	private final String instanceId;

	private final int shards;

	private final Duration leaseDuration;

	private final Clock clock;

	// Until when (System.nanoTime) the leases this instance holds are its own for sure: measured
	// from before the write that extended them, on a clock that no wall-clock change moves, with a
	// tenth of the lease kept in hand for clocks of other instances that run ahead.
	private volatile long heldUntil = System.nanoTime();

	ShardLeases(MongoOperations mongo, String collection, String instanceId, int shards, Duration leaseDuration,
			Clock clock) {
		this.mongo = mongo;
		this.collection = collection;
		this.instanceId = instanceId;
		this.shards = shards;
		this.leaseDuration = leaseDuration;
		this.clock = clock;
	}

	/**
	 * Renew, release and acquire leases.
	 * @return the shards this instance holds now, in order
	 */
	SortedSet<Integer> refresh() {
		long started = System.nanoTime();
		this.heldUntil = started;
		SortedSet<Integer> holding = this.mongo.execute(this.collection, (leases) -> {
			Date now = Date.from(this.clock.instant());
			Date expires = Date.from(this.clock.instant().plus(this.leaseDuration));
			leases.updateOne(Filters.eq("_id", INSTANCE_PREFIX + this.instanceId), Updates.set(EXPIRES, expires),
					new UpdateOptions().upsert(true));
			long live = Math.max(1, leases.countDocuments(
					Filters.and(Filters.regex("_id", "^" + INSTANCE_PREFIX), Filters.gt(EXPIRES, now))));
			int share = (int) ((this.shards + live - 1) / live);

			SortedSet<Integer> held = new TreeSet<>();
			for (Document lease : leases.find(Filters.and(Filters.regex("_id", "^" + SHARD_PREFIX),
					Filters.eq(OWNER, this.instanceId), Filters.gt(EXPIRES, now)))) {
				int shard = shard(lease.getString("_id"));
				if (shard < this.shards) {
					held.add(shard);
				}
			}
			while (held.size() > share) {
				int shard = held.last();
				leases.updateOne(ownedBy(shard), Updates.combine(Updates.set(OWNER, null), Updates.set(EXPIRES, now)));
				held.remove(shard);
			}
			if (!held.isEmpty()) {
				leases.updateMany(Filters.and(Filters.in("_id", held.stream().map(ShardLeases::id).toList()),
						Filters.eq(OWNER, this.instanceId)), Updates.set(EXPIRES, expires));
			}
			List<Integer> candidates = new ArrayList<>();
			for (int shard = 0; shard < this.shards; shard++) {
				if (!held.contains(shard)) {
					candidates.add(shard);
				}
			}
			Collections.shuffle(candidates);
			for (int shard : candidates) {
				if (held.size() >= share) {
					break;
				}
				if (acquire(leases, shard, now, expires)) {
					held.add(shard);
				}
			}
			return held;
		});
		this.heldUntil = started + this.leaseDuration.toNanos() / 10 * 9;
		return holding;
	}

	/**
	 * @return whether the leases this instance holds cannot have expired yet: after a pause longer
	 * than the lease (a stopped process, a long GC), another instance may own the shards, and nothing
	 * may be sent for them before the leases were refreshed
	 */
	boolean stillHeld() {
		return System.nanoTime() - this.heldUntil < 0;
	}

	private boolean acquire(MongoCollection<Document> leases, int shard, Date now, Date expires) {
		Bson free = Filters.and(Filters.eq("_id", id(shard)),
				Filters.or(Filters.lt(EXPIRES, now), Filters.eq(OWNER, null), Filters.eq(OWNER, this.instanceId)));
		try {
			Document lease = leases.findOneAndUpdate(free,
					Updates.combine(Updates.set(OWNER, this.instanceId), Updates.set(EXPIRES, expires)),
					new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
			boolean acquired = lease != null && this.instanceId.equals(lease.getString(OWNER));
			if (acquired) {
				logger.debug("Relay {} took the lease of outbox shard {}", this.instanceId, shard);
			}
			return acquired;
		}
		catch (MongoException ex) {
			if (ErrorCategory.fromErrorCode(ex.getCode()) == ErrorCategory.DUPLICATE_KEY) {
				// Another instance holds it: the upsert collided with its lease document.
				return false;
			}
			throw ex;
		}
	}

	/**
	 * Extend the leases this instance holds, without taking or giving any: called while a batch
	 * waits for Kafka, so that a slow batch does not lose its shards to another instance.
	 */
	void renew(int held) {
		long started = System.nanoTime();
		long renewed = this.mongo.execute(this.collection, (leases) -> {
			Date now = Date.from(this.clock.instant());
			Date expires = Date.from(this.clock.instant().plus(this.leaseDuration));
			leases.updateOne(Filters.eq("_id", INSTANCE_PREFIX + this.instanceId), Updates.set(EXPIRES, expires));
			return leases.updateMany(Filters.and(Filters.eq(OWNER, this.instanceId), Filters.gt(EXPIRES, now)),
					Updates.set(EXPIRES, expires)).getMatchedCount();
		});
		if (renewed >= held) {
			this.heldUntil = started + this.leaseDuration.toNanos() / 10 * 9;
		}
		else {
			// A lease expired or was taken over meanwhile: the shards must be refreshed before more is sent.
			logger.warn("Relay {} renewed {} of its {} outbox shard leases; it refreshes them before sending more",
					this.instanceId, renewed, held);
			this.heldUntil = started;
		}
	}

	/**
	 * Give up all leases and the heartbeat, so that other instances take over at once.
	 */
	void releaseAll() {
		this.mongo.execute(this.collection, (leases) -> {
			Date now = Date.from(this.clock.instant());
			leases.updateMany(Filters.eq(OWNER, this.instanceId),
					Updates.combine(Updates.set(OWNER, null), Updates.set(EXPIRES, now)));
			return leases.deleteOne(Filters.eq("_id", INSTANCE_PREFIX + this.instanceId));
		});
	}

	private Bson ownedBy(int shard) {
		return Filters.and(Filters.eq("_id", id(shard)), Filters.eq(OWNER, this.instanceId));
	}

	private static String id(int shard) {
		return SHARD_PREFIX + shard;
	}

	private static int shard(String id) {
		return Integer.parseInt(id.substring(SHARD_PREFIX.length()));
	}

}
