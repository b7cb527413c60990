package io.eventwire.outbox;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * The relay's reads and writes of the outbox collection: the query for pending events, the marks,
 * and the backlog counts. Every read here is answered from the indexes {@link OutboxIndexes}
 * creates: events given up on have an index range of their own, so they neither sit in front of
 * the pending ones nor are counted by scanning, and while topics wait, the others are read by name
 * from the topic index, so a waiting backlog is never read through.
 */
final class OutboxStore implements OutboxMarks {

	/** The events that wait to be published: not yet published, and not given up on. */
	static final Bson PENDING = Filters.and(Filters.eq(OutboxDocuments.PUBLISHED, false),
			Filters.eq(OutboxDocuments.FAILED, false));

	static final Bson FAILED = Filters.and(Filters.eq(OutboxDocuments.PUBLISHED, false),
			Filters.eq(OutboxDocuments.FAILED, true));

	/** The order the database applied the writes in. */
	static final Bson WRITE_ORDER = Sorts.ascending(OutboxDocuments.SEQUENCE, OutboxDocuments.WRITER_SEQUENCE);

	private final MongoOperations mongo;

	private final String collection;

	OutboxStore(MongoOperations mongo, String collection) {
		this.mongo = mongo;
		this.collection = collection;
	}

	/**
	 * @param shards the shards to read
	 * @param shardCount how many shards there are
	 * @param waitingTopics topics whose events are not read now
	 * @param limit how many events to read at most
	 * @param batchSize how many events one round trip brings
	 * @return the oldest pending events of those shards, in write order
	 */
	MongoCursor<Document> pending(SortedSet<Integer> shards, int shardCount, Set<String> waitingTopics, int limit,
			int batchSize) {
		MongoCollection<Document> outbox = this.mongo.getCollection(this.collection);
		Bson pending = PENDING;
		if (!waitingTopics.isEmpty()) {
			// The topics to read, by name: a topic's range of the topic index is skipped as a whole, where a
			// $nin would read past every waiting event to reach the others. The topics come from the same
			// index, one key per topic (a DISTINCT_SCAN on a real server).
			List<String> readable = outbox.distinct(OutboxDocuments.TOPIC, PENDING, String.class).into(new ArrayList<>());
			readable.removeAll(waitingTopics);
			pending = Filters.and(pending, Filters.in(OutboxDocuments.TOPIC, readable));
		}
		return outbox.find(ShardFilter.narrow(pending, OutboxDocuments.KEY_HASH, shards, shardCount, false))
			.sort(WRITE_ORDER)
			.limit(limit)
			.batchSize(batchSize)
			.cursor();
	}

	@Override
	public void mark(List<WriteModel<Document>> marks) {
		if (!marks.isEmpty()) {
			this.mongo.execute(this.collection, (MongoCollection<Document> outbox) -> outbox.bulkWrite(marks));
		}
	}

	/**
	 * One update for all entries whose id is their event id (each is the entry as read: nothing
	 * replaces it), one per entry of a compacted topic (which a newer event may have replaced): a
	 * statement per event cost the relay more CPU time than anything but reading the entries.
	 */
	@Override
	public List<WriteModel<Document>> published(List<Document> events, Date at) {
		Bson published = Updates.combine(Updates.set(OutboxDocuments.PUBLISHED, true),
				Updates.set(OutboxDocuments.PUBLISHED_AT, at));
		List<WriteModel<Document>> marks = new ArrayList<>();
		List<Object> ids = new ArrayList<>(events.size());
		for (Document event : events) {
			Object id = event.get(OutboxDocuments.ID);
			if (id.equals(event.get(OutboxDocuments.EVENT_ID))) {
				ids.add(id);
			}
			else {
				marks.add(new UpdateOneModel<>(sameEvent(event), published));
			}
		}
		if (ids.size() == 1) {
			marks.add(new UpdateOneModel<>(Filters.eq(OutboxDocuments.ID, ids.get(0)), published));
		}
		else if (!ids.isEmpty()) {
			marks.add(new UpdateManyModel<>(Filters.in(OutboxDocuments.ID, ids), published));
		}
		return marks;
	}

	@Override
	public WriteModel<Document> attemptFailed(Document event, int attempts, String reason, boolean giveUp) {
		return new UpdateOneModel<>(sameEvent(event), Updates.combine(Updates.set(OutboxDocuments.ATTEMPTS, attempts),
				Updates.set(OutboxDocuments.LAST_ERROR, reason), Updates.set(OutboxDocuments.FAILED, giveUp)));
	}

	/**
	 * A filter for exactly this stored event. Its id is the event id, except on compacted topics
	 * ("topic:key"), where a newer event may have replaced it since it was read: there the event id
	 * must match too. A filter on the id alone is one the simplest MongoDB-wire servers also answer
	 * from the id index.
	 */
	private static Bson sameEvent(Document event) {
		Object id = event.get(OutboxDocuments.ID);
		Object eventId = event.get(OutboxDocuments.EVENT_ID);
		return id.equals(eventId) ? Filters.eq(OutboxDocuments.ID, id)
				: Filters.and(Filters.eq(OutboxDocuments.ID, id), Filters.eq(OutboxDocuments.EVENT_ID, eventId));
	}

	/**
	 * @return how many events wait to be published (not counting failed ones), counted now
	 */
	long pendingCount() {
		return this.mongo.execute(this.collection, (outbox) -> outbox.countDocuments(PENDING));
	}

	/**
	 * @return how many events the relay gave up on, counted now
	 */
	long failedCount() {
		return this.mongo.execute(this.collection, (outbox) -> outbox.countDocuments(FAILED));
	}

	/**
	 * @return when the oldest event that waits to be published was stored, read now, or
	 * {@code null} when none waits
	 */
	@Nullable Date oldestPending() {
		Document oldest = this.mongo.execute(this.collection,
				(outbox) -> outbox.find(PENDING).sort(WRITE_ORDER).limit(1).first());
		return (oldest != null) ? oldest.getDate(OutboxDocuments.CREATED) : null;
	}

}
