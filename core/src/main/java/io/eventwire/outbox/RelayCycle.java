package io.eventwire.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.function.BooleanSupplier;

import com.mongodb.client.MongoCursor;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * One cycle of the relay over the shards it holds: the event outbox's oldest events, then the
 * unpublished changes of each stateful outbox collection, batch after batch, each source bounded to
 * {@link #BATCHES_PER_SOURCE} batches per cycle, leaving out topics that wait ({@link TopicWaits}).
 * A source stops early when a batch had a failure (the next cycle starts again at the failed entry),
 * when the held shards change, or when the relay stops.
 */
final class RelayCycle {

	/** How many batches one cycle reads from each source at most. */
	static final int BATCHES_PER_SOURCE = 10;

	private final OutboxRelaySettings settings;

	private final LeaseKeeper leases;

	private final OutboxStore store;

	private final OutboxIndexes indexes;

	private final BatchPublisher batches;

	private final StatefulCollections stateful;

	private final TopicWaits waits;

	private final BooleanSupplier running;

	RelayCycle(OutboxRelaySettings settings, LeaseKeeper leases, OutboxStore store, OutboxIndexes indexes,
			BatchPublisher batches, StatefulCollections stateful, TopicWaits waits, BooleanSupplier running) {
		this.settings = settings;
		this.leases = leases;
		this.store = store;
		this.indexes = indexes;
		this.batches = batches;
		this.stateful = stateful;
		this.waits = waits;
		this.running = running;
	}

	/**
	 * Create the indexes the event outbox is read by, and migrate what earlier versions stored. (Each
	 * stateful collection creates its index at its first read.)
	 */
	void prepare() {
		this.indexes.prepare();
	}

	/**
	 * @return whether more may be waiting
	 */
	boolean run() throws InterruptedException {
		SortedSet<Integer> shards = this.leases.heldShards();
		if (shards.isEmpty()) {
			return false;
		}
		boolean more = relayEvents(shards);
		for (StatefulChanges changes : this.stateful.all()) {
			if (!this.running.getAsBoolean() || !this.leases.stillHeld()) {
				return true;
			}
			if (!this.waits.waiting().contains(changes.topic())) {
				more |= relayChanges(changes, shards);
			}
		}
		return more;
	}

	// One query for all held shards, in write order, so each shard's events stay in order. The limit
	// bounds what a server that ignores the cursor's batch size sends at once.
	private boolean relayEvents(SortedSet<Integer> shards) throws InterruptedException {
		int batchSize = this.settings.batchSize();
		try (MongoCursor<Document> cursor = this.store.pending(shards, this.settings.shards(), this.waits.waiting(),
				batchSize * BATCHES_PER_SOURCE, batchSize)) {
			List<Document> batch = new ArrayList<>(batchSize);
			while (true) {
				batch.clear();
				while (batch.size() < batchSize && cursor.hasNext()) {
					batch.add(cursor.next());
				}
				if (batch.isEmpty()) {
					return false;
				}
				Boolean more = publish(batch, this.store, shards);
				if (more != null) {
					return more;
				}
			}
		}
	}

	private boolean relayChanges(StatefulChanges changes, SortedSet<Integer> shards) throws InterruptedException {
		int batchSize = this.settings.batchSize();
		for (int i = 0; i < BATCHES_PER_SOURCE; i++) {
			List<Document> batch = changes.pending(shards, this.settings.shards(), batchSize);
			if (batch.isEmpty()) {
				return false;
			}
			Boolean more = publish(batch, changes, shards);
			if (more != null) {
				return more;
			}
		}
		return true;
	}

	/**
	 * @return whether more may be waiting if the source should stop here, or {@code null} to go on
	 */
	private @Nullable Boolean publish(List<Document> batch, OutboxMarks marks, SortedSet<Integer> shards)
			throws InterruptedException {
		if (!this.leases.stillHeld()) {
			// Paused longer than the lease (or a renewal failed): the shards may be another's now.
			return true;
		}
		boolean clean = this.batches.publish(batch, marks);
		if (batch.size() < this.settings.batchSize()) {
			return !clean;
		}
		if (!clean || !this.running.getAsBoolean() || !this.leases.heldShards().equals(shards)) {
			return true;
		}
		return null;
	}

}
