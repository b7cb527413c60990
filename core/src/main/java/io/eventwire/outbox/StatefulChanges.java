package io.eventwire.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.SortedSet;
import java.util.function.Function;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.eventwire.OutgoingEvent;
import io.eventwire.internal.LogSafe;
import io.eventwire.publish.EventRecordFactory;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * The relay's side of one stateful outbox collection: the resources whose current state was not
 * published yet, read by shard from an index and turned into entries of the event outbox's layout,
 * and the marks, which apply only if the resource did not change since it was read. Each resource is
 * one document holding only its newest state, so the relay can never publish an older state after a
 * newer one: a change made while an older state was sent stays pending and goes out next.
 */
final class StatefulChanges implements OutboxMarks {

	private static final Logger logger = LoggerFactory.getLogger(StatefulChanges.class);

	static final String METADATA = ResourceDocuments.METADATA;

	static final String PUBLISHED = METADATA + ".published";

	static final String FAILED = METADATA + ".failed";

	static final String KEY_HASH = METADATA + ".key_hash";

	static final String LAST_EVENT_ID = METADATA + ".last_event_id";

	/** The changes that wait to be published: not yet published, and not given up on. */
	private static final Bson PENDING = Filters.and(Filters.eq(PUBLISHED, false), Filters.ne(FAILED, true));

	private final MongoOperations mongo;

	private final String collection;

	private final String topic;

	private final @Nullable Function<Document, Object> legacyPayload;

	private final EventRecordFactory records;

	// Only the relay thread reads and writes it.
	private boolean prepared;

	// Said once per collection: changes stored by an earlier version that this instance cannot map.
	private boolean legacyWarned;

	/**
	 * @param legacyPayload the event payload of a resource stored by an earlier version (without its
	 * JSON), or {@code null} where this process has no DAO for the collection
	 */
	StatefulChanges(MongoOperations mongo, String collection, String topic,
			@Nullable Function<Document, Object> legacyPayload, EventRecordFactory records) {
		this.mongo = mongo;
		this.collection = collection;
		this.topic = topic;
		this.legacyPayload = legacyPayload;
		this.records = records;
	}

	/**
	 * Create the index of unpublished changes, once.
	 */
	void prepare() {
		if (!this.prepared) {
			this.mongo.execute(this.collection, (resources) -> resources.createIndex(Indexes.ascending(PUBLISHED)));
			this.prepared = true;
		}
	}

	/**
	 * @return the collection of the resources
	 */
	String collection() {
		return this.collection;
	}

	/**
	 * @return the topic of the collection's events
	 */
	String topic() {
		return this.topic;
	}

	/**
	 * @param shards the shards to read
	 * @param shardCount how many shards there are
	 * @param limit how many changes to read at most
	 * @return the unpublished changes of those shards, as event outbox entries
	 */
	List<Document> pending(SortedSet<Integer> shards, int shardCount, int limit) {
		prepare();
		// Changes stored by earlier versions have no key hash: the holder of shard 0 takes them.
		Bson filter = ShardFilter.narrow(PENDING, KEY_HASH, shards, shardCount, true);
		List<Document> changes = this.mongo.execute(this.collection,
				(resources) -> resources.find(filter).limit(limit).into(new ArrayList<>()));
		List<Document> entries = new ArrayList<>(changes.size());
		for (Document change : changes) {
			Document entry = entry(change);
			if (entry != null) {
				entries.add(entry);
			}
		}
		return entries;
	}

	private @Nullable Document entry(Document change) {
		Object id = change.get("_id");
		Document metadata = change.get(METADATA, Document.class);
		boolean deleted = Boolean.TRUE.equals(metadata.getBoolean("deleted"));
		String eventId = metadata.getString("last_event_id");
		String type = deleted ? OutboxDao.DELETED : OutboxDao.UPSERTED;
		String json = deleted ? "{}" : storedPayload(metadata);
		if (json == null) {
			json = legacyPayload(change, id, eventId, type);
			if (json == null) {
				return null;
			}
		}
		return new Document(OutboxDocuments.ID, id).append(OutboxDocuments.TOPIC, this.topic)
			.append(OutboxDocuments.KEY, String.valueOf(id))
			.append(OutboxDocuments.TYPE, type)
			.append(OutboxDocuments.PAYLOAD_JSON, json)
			.append(OutboxDocuments.EVENT_ID, eventId)
			.append(OutboxDocuments.CORRELATION_ID, metadata.getString("correlation_id"))
			.append(OutboxDocuments.ATTEMPTS, metadata.getInteger("attempts", 0));
	}

	// The payload written with the state: its own, or the resource's JSON where that is the payload.
	private static @Nullable String storedPayload(Document metadata) {
		Object payload = metadata.get(ResourceDocuments.PAYLOAD_JSON_FIELD);
		if (payload instanceof String text) {
			return text;
		}
		return (metadata.get(ResourceDocuments.JSON_FIELD) instanceof String text) ? text : null;
	}

	/**
	 * The payload of a change an earlier version stored (its fields only), mapped by this process's
	 * DAO; {@code null} when there is none here (it waits for an instance that has one) or the
	 * state no longer maps to the resource (marked failed).
	 */
	private @Nullable String legacyPayload(Document change, Object id, String eventId, String type) {
		if (this.legacyPayload == null) {
			if (!this.legacyWarned) {
				this.legacyWarned = true;
				logger.warn("A change of {} in {} was stored by an earlier eventwire version (no JSON beside its fields): "
						+ "only an instance that creates the collection's DAO relays it", LogSafe.escape(String.valueOf(id)),
						this.collection);
			}
			return null;
		}
		try {
			Object value = this.legacyPayload.apply(change);
			byte[] json = this.records.writePayload(OutgoingEvent.builder(this.topic, type, String.valueOf(id), value).build());
			return new String(json, StandardCharsets.UTF_8);
		}
		catch (RuntimeException ex) {
			// A stored state that no longer maps to the resource type can never be published as it is.
			String reason = LogSafe.escape(ex.toString());
			logger.error("Giving up on the change of {} in {}: its stored state cannot be read as the resource ({}). "
					+ "It stays marked failed in __metadata__ until it is written again.", LogSafe.escape(String.valueOf(id)),
					this.collection, reason);
			mark(List.of(attemptFailed(new Document(OutboxDocuments.ID, id).append(OutboxDocuments.EVENT_ID, eventId), 1,
					reason, true)));
			return null;
		}
	}

	@Override
	public List<WriteModel<Document>> published(List<Document> entries, Date at) {
		// Each change as read: a resource changed again since keeps waiting.
		List<WriteModel<Document>> marks = new ArrayList<>(entries.size());
		for (Document entry : entries) {
			marks.add(new UpdateOneModel<>(sameChange(entry), Updates.set(PUBLISHED, true)));
		}
		return marks;
	}

	@Override
	public WriteModel<Document> attemptFailed(Document entry, int attempts, String reason, boolean giveUp) {
		return new UpdateOneModel<>(sameChange(entry), Updates.combine(Updates.set(METADATA + ".attempts", attempts),
				Updates.set(METADATA + ".last_error", reason), Updates.set(FAILED, giveUp)));
	}

	@Override
	public void mark(List<WriteModel<Document>> marks) {
		if (!marks.isEmpty()) {
			this.mongo.execute(this.collection, (MongoCollection<Document> resources) -> resources.bulkWrite(marks));
		}
	}

	// The change as read: a newer one has another event id and stays pending.
	private static Bson sameChange(Document entry) {
		return Filters.and(Filters.eq("_id", entry.get(OutboxDocuments.ID)),
				Filters.eq(LAST_EVENT_ID, entry.get(OutboxDocuments.EVENT_ID)));
	}

	/**
	 * @return how many changes wait to be published, counted now
	 */
	long pendingCount() {
		return this.mongo.execute(this.collection,
				(resources) -> resources.countDocuments(PENDING));
	}

}
