package io.eventwire.outbox;

import java.time.Duration;
import java.util.Date;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
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

	/** When the instance last beat, on the database's clock. */
	static final String BEAT = "beat";

	private final String id;

	private final int shards;

	RelayHeartbeats(String instanceId, int shards) {
		this.id = PREFIX + instanceId;
		this.shards = shards;
	}

	/**
	 * Beat, and learn the database's time: the server stamps the beat ({@code $currentDate}) as it
	 * applies the write, so every instance's leases are measured on the clock of the one server that
	 * holds the lease collection (its primary), never on a router's or an instance's own.
	 * @return the database's time of the beat
	 */
	Date beat(MongoCollection<Document> leases) {
		Document beat = leases.findOneAndUpdate(Filters.eq("_id", this.id),
				Updates.combine(Updates.currentDate(BEAT), Updates.set(ShardLeases.SHARDS, this.shards)),
				new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
		Date now = (beat != null) ? beat.getDate(BEAT) : null;
		if (now == null) {
			throw new IllegalStateException("The MongoDB server did not stamp the relay's heartbeat " + this.id);
		}
		return now;
	}

	/**
	 * @return how many instances with this shard count are alive (this one included): they beat
	 * within the lease duration (or, of earlier versions, their heartbeat has not expired)
	 */
	long live(MongoCollection<Document> leases, Date now, Duration leaseDuration) {
		Date since = Date.from(now.toInstant().minus(leaseDuration));
		return Math.max(1, leases.countDocuments(Filters.and(Filters.regex("_id", "^" + PREFIX),
				Filters.eq(ShardLeases.SHARDS, this.shards),
				Filters.or(Filters.gt(BEAT, since), Filters.gt(ShardLeases.EXPIRES, now)))));
	}

	void remove(MongoCollection<Document> leases) {
		leases.deleteOne(Filters.eq("_id", this.id));
	}

}
