package io.eventwire.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

import com.mongodb.client.model.Filters;
import org.bson.conversions.Bson;

/**
 * Which stored entries belong to the shards a relay holds: those whose key hash, modulo the shard
 * count, is one of them. The event outbox and the stateful outbox are sharded alike.
 */
final class ShardFilter {

	private ShardFilter() {
	}

	/**
	 * @param filter what else the entries must match
	 * @param keyHashField the field holding the key hash
	 * @param shards the shards held
	 * @param shardCount how many shards there are
	 * @param unhashed also match entries without a key hash (stored by earlier versions), given to
	 * the holder of shard 0
	 * @return the filter, narrowed to the held shards unless they are all of them
	 */
	static Bson narrow(Bson filter, String keyHashField, SortedSet<Integer> shards, int shardCount,
			boolean unhashed) {
		if (shards.size() >= shardCount) {
			return filter;
		}
		List<Bson> owned = new ArrayList<>(
				shards.stream().map((shard) -> Filters.mod(keyHashField, shardCount, shard)).toList());
		if (unhashed && shards.contains(0)) {
			owned.add(Filters.exists(keyHashField, false));
		}
		return Filters.and(filter, Filters.or(owned));
	}

}
