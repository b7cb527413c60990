package io.eventwire.outbox;

import java.util.Date;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

/**
 * The heartbeats of running relay instances in the lease collection ({@code relay-<instance>}, with
 * its shard count), from which each instance computes its fair share of the shards. Only instances
 * with the same shard count count: one waiting for another count to stop takes no share away.
 * (Earlier versions' heartbeats are {@code instance-<id>}; they count none of these, nor these them.)
 */
final class RelayHeartbeats {

	private static final String PREFIX = "relay-";

	private final String id;

	private final int shards;

	RelayHeartbeats(String instanceId, int shards) {
		this.id = PREFIX + instanceId;
		this.shards = shards;
	}

	void beat(MongoCollection<Document> leases, Date expires) {
		leases.updateOne(Filters.eq("_id", this.id),
				Updates.combine(Updates.set(ShardLeases.EXPIRES, expires), Updates.set(ShardLeases.SHARDS, this.shards)),
				new UpdateOptions().upsert(true));
	}

	/**
	 * @return how many instances with this shard count are alive (this one included)
	 */
	long live(MongoCollection<Document> leases, Date now) {
		return Math.max(1, leases.countDocuments(Filters.and(Filters.regex("_id", "^" + PREFIX),
				Filters.eq(ShardLeases.SHARDS, this.shards), Filters.gt(ShardLeases.EXPIRES, now))));
	}

	void remove(MongoCollection<Document> leases) {
		leases.deleteOne(Filters.eq("_id", this.id));
	}

}
