package io.eventwire.outbox;

import java.util.Date;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps instances configured with different shard counts from relaying at the same time: a key
 * hashed into shards of two counts would otherwise belong to two instances at once, which then
 * send its events side by side, out of order. Leases of earlier versions ({@code shard-<n>}, no
 * count recorded) count as another count, so a rolling upgrade switches once the last instance of
 * the earlier version has stopped.
 */
final class OtherShardCounts {

	private static final Logger logger = LoggerFactory.getLogger(OtherShardCounts.class);

	/** Leases are "lease-<shards>-<shard>"; "shard-<shard>" are leases of earlier versions. */
	static final String LEASES = "^(lease|shard)-";

	private final String instanceId;

	private final int shards;

	private boolean waiting;

	OtherShardCounts(String instanceId, int shards) {
		this.instanceId = instanceId;
		this.shards = shards;
	}

	/**
	 * @param leases the lease collection
	 * @param now the database's time
	 * @param heldSince when this instance took the oldest lease it holds, or {@code null} if it
	 * holds none
	 * @return whether live leases of another shard count keep this instance from holding any: they
	 * exist, and were taken no later than this instance's own
	 */
	boolean havePrecedence(MongoCollection<Document> leases, Date now, @Nullable Date heldSince) {
		Document other = leases
			.find(Filters.and(Filters.regex("_id", LEASES), Filters.ne(ShardLeases.OWNER, null),
					Filters.gt(ShardLeases.EXPIRES, now), Filters.ne(ShardLeases.SHARDS, this.shards)))
			.sort(Sorts.ascending(ShardLeases.SINCE))
			.first();
		Date otherSince = (other != null) ? other.getDate(ShardLeases.SINCE) : null;
		boolean wait = other != null && (heldSince == null || otherSince == null || !otherSince.after(heldSince));
		if (wait && !this.waiting) {
			logger.warn("Outbox relay {} ({} shards) takes no shard while instances relaying with {} shards run "
					+ "(lease {} of {}); it takes its share once their leases are released or expired", this.instanceId,
					this.shards, other.get(ShardLeases.SHARDS, "another number of"), other.get("_id"),
					other.get(ShardLeases.OWNER));
		}
		else if (!wait && this.waiting) {
			logger.info("Outbox relay {}: no lease of another shard count is live any more; it takes its share of {} "
					+ "shards", this.instanceId, this.shards);
		}
		this.waiting = wait;
		return wait;
	}

}
