package io.eventwire.outbox;

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
 * Each instance keeps a heartbeat document; from the live heartbeats of instances with its shard
 * count it computes its fair share, renews the leases it holds, releases those above its share and
 * takes free or expired ones up to it. Expiry is measured on the clock of the server that holds the
 * lease collection, as it stamps each heartbeat ({@link RelayHeartbeats#beat}), never on an
 * instance's own nor on a router's: behind several mongos routers whose clocks differ, their
 * {@code hello} times (and {@code $$NOW}, which a router sets) would disagree. Instances configured
 * with another shard count never hold leases at the same time: while leases of another count are
 * live, an instance takes none (a rolling change of {@code shards} switches once the last instance
 * of the old count has stopped), and of two counts that took leases at once, the later one gives
 * its leases back.
 */
class ShardLeases {

	private static final Logger logger = LoggerFactory.getLogger(ShardLeases.class);

	static final String OWNER = "owner";

	static final String EXPIRES = "expires";

	/** The shard count a lease or heartbeat belongs to. */
	static final String SHARDS = "shards";

	/** When the lease was taken, on the database's clock. */
	static final String SINCE = "since";

	private final MongoOperations mongo;

	private final String collection;

	private final String instanceId;

	private final int shards;

	private final Duration leaseDuration;

	// Until when (System.nanoTime) the leases this instance holds are its own for sure: measured
	// from before the write that extended them, on a clock that no wall-clock change moves, with a
	// tenth of the lease kept in hand.
	private volatile long heldUntil = System.nanoTime();

	private final OtherShardCounts otherCounts;

	// The ids of the lease documents of this instance's shard count start so: "lease-<shards>-<shard>".
	private final String leasePrefix;

	private final RelayHeartbeats heartbeats;

	ShardLeases(MongoOperations mongo, String collection, String instanceId, int shards, Duration leaseDuration) {
		this.mongo = mongo;
		this.collection = collection;
		this.instanceId = instanceId;
		this.shards = shards;
		this.leaseDuration = leaseDuration;
		this.otherCounts = new OtherShardCounts(instanceId, shards);
		this.leasePrefix = "lease-" + shards + "-";
		this.heartbeats = new RelayHeartbeats(instanceId, shards);
	}

	/**
	 * Renew, release and acquire leases.
	 * @return the shards this instance holds now, in order
	 */
	SortedSet<Integer> refresh() {
		long started = System.nanoTime();
		this.heldUntil = started;
		SortedSet<Integer> holding = this.mongo.execute(this.collection, (leases) -> {
			Date now = this.heartbeats.beat(leases);
			Date expires = Date.from(now.toInstant().plus(this.leaseDuration));
			SortedSet<Integer> held = new TreeSet<>();
			Date heldSince = null;
			for (Document lease : leases.find(Filters.and(Filters.regex("_id", "^" + this.leasePrefix),
					Filters.eq(OWNER, this.instanceId), Filters.gt(EXPIRES, now)))) {
				held.add(shard(lease.getString("_id")));
				Date since = lease.getDate(SINCE);
				heldSince = (heldSince == null || (since != null && since.before(heldSince))) ? since : heldSince;
			}
			if (this.otherCounts.havePrecedence(leases, now, held.isEmpty() ? null : heldSince)) {
				return giveBack(leases, now);
			}
			long live = this.heartbeats.live(leases, now, this.leaseDuration);
			int share = (int) ((this.shards + live - 1) / live);
			while (held.size() > share) {
				int shard = held.last();
				leases.updateOne(Filters.and(Filters.eq("_id", id(shard)), Filters.eq(OWNER, this.instanceId)),
						Updates.combine(Updates.set(OWNER, null), Updates.set(EXPIRES, now)));
				held.remove(shard);
			}
			if (!held.isEmpty()) {
				leases.updateMany(Filters.and(Filters.in("_id", held.stream().map(this::id).toList()),
						Filters.eq(OWNER, this.instanceId)), Updates.set(EXPIRES, expires));
			}
			List<Integer> candidates = new ArrayList<>();
			for (int shard = 0; shard < this.shards; shard++) {
				if (!held.contains(shard)) {
					candidates.add(shard);
				}
			}
			Collections.shuffle(candidates);
			boolean acquired = false;
			for (int shard : candidates) {
				if (held.size() >= share) {
					break;
				}
				if (acquire(leases, shard, now, expires)) {
					held.add(shard);
					acquired = true;
				}
			}
			// Another count may have taken leases at the same moment: the later of the two gives way.
			if (acquired && this.otherCounts.havePrecedence(leases, now, now)) {
				return giveBack(leases, now);
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
					Updates.combine(Updates.set(OWNER, this.instanceId), Updates.set(EXPIRES, expires),
							Updates.set(SHARDS, this.shards), Updates.set(SINCE, now)),
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
	 * @param held how many leases the instance holds; if fewer are renewed (one expired or was taken
	 * over meanwhile), nothing counts as held until the next {@link #refresh()}
	 */
	void renew(int held) {
		long started = System.nanoTime();
		long renewed = this.mongo.execute(this.collection, (leases) -> {
			Date now = this.heartbeats.beat(leases);
			Date expires = Date.from(now.toInstant().plus(this.leaseDuration));
			return leases.updateMany(Filters.and(Filters.regex("_id", "^" + this.leasePrefix),
					Filters.eq(OWNER, this.instanceId), Filters.gt(EXPIRES, now)), Updates.set(EXPIRES, expires))
				.getMatchedCount();
		});
		if (renewed >= held) {
			this.heldUntil = started + this.leaseDuration.toNanos() / 10 * 9;
		}
		else {
			logger.warn("Relay {} renewed {} of its {} outbox shard leases; it refreshes them before sending more",
					this.instanceId, renewed, held);
			this.heldUntil = started;
		}
	}

	/**
	 * Give up all leases and the heartbeat, so that other instances take over at once.
	 */
	void releaseAll() {
		this.heldUntil = System.nanoTime();
		this.mongo.execute(this.collection, (leases) -> {
			Date now = this.heartbeats.beat(leases);
			leases.updateMany(Filters.and(Filters.regex("_id", OtherShardCounts.LEASES), Filters.eq(OWNER, this.instanceId)),
					Updates.combine(Updates.set(OWNER, null), Updates.set(EXPIRES, now)));
			this.heartbeats.remove(leases);
			return null;
		});
	}

	private SortedSet<Integer> giveBack(MongoCollection<Document> leases, Date now) {
		leases.updateMany(Filters.and(Filters.regex("_id", OtherShardCounts.LEASES), Filters.eq(OWNER, this.instanceId)),
				Updates.combine(Updates.set(OWNER, null), Updates.set(EXPIRES, now)));
		return Collections.emptySortedSet();
	}

	private String id(int shard) {
		return this.leasePrefix + shard;
	}

	private static int shard(String id) {
		return Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
	}

}
