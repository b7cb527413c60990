package io.eventwire.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.eventwire.internal.MissingPrivileges;
import io.eventwire.internal.TtlIndexes;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.DbCallback;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * The event outbox's indexes, created by the relay before it reads: the pending events in write
 * order, the same per topic (read by name while other topics wait), and the retention's TTL index.
 * Both pending indexes end with the key hash, so that the shard filter is decided on index keys.
 * Indexes of earlier versions are dropped, and pending events they stored are migrated.
 */
final class OutboxIndexes {

	/** The pending events of all topics, in write order. */
	static final Bson PENDING_INDEX = Indexes.ascending(OutboxDocuments.PUBLISHED, OutboxDocuments.FAILED,
			OutboxDocuments.SEQUENCE, OutboxDocuments.WRITER_SEQUENCE, OutboxDocuments.KEY_HASH);

	/** The pending events of each topic, in write order; also the list of topics with pending events. */
	static final Bson TOPIC_INDEX = Indexes.ascending(OutboxDocuments.PUBLISHED, OutboxDocuments.FAILED,
			OutboxDocuments.TOPIC, OutboxDocuments.SEQUENCE, OutboxDocuments.WRITER_SEQUENCE, OutboxDocuments.KEY_HASH);

	/** Indexes of earlier versions, which the ones above replace. */
	static final List<String> SUPERSEDED_INDEXES = List.of("published_1_seq_1", "published_1_failed_1_seq_1_writer_seq_1");

	private static final int INDEX_NOT_FOUND = 27;

	private final MongoOperations mongo;

	private final String collection;

	private final Duration retention;

	private final MissingPrivileges privileges;

	OutboxIndexes(MongoOperations mongo, String collection, Duration retention, MissingPrivileges privileges) {
		this.mongo = mongo;
		this.collection = collection;
		this.retention = retention;
		this.privileges = privileges;
	}

	/**
	 * Create the indexes, and give pending events stored by earlier versions (which had no
	 * {@code failed} field until they failed) the field, so that the pending query finds them.
	 */
	void prepare() {
		this.mongo.execute(this.collection, (outbox) -> {
			create(outbox, PENDING_INDEX, "published: 1, failed: 1, seq: 1, writer_seq: 1, key_hash: 1",
					"The relay reads pending events without their index");
			create(outbox, TOPIC_INDEX, "published: 1, failed: 1, topic: 1, seq: 1, writer_seq: 1, key_hash: 1",
					"While a topic waits, the relay reads the others without their index");
			outbox.updateMany(Filters.and(Filters.eq(OutboxDocuments.PUBLISHED, false),
					Filters.exists(OutboxDocuments.FAILED, false)), Updates.set(OutboxDocuments.FAILED, false));
			dropSuperseded(outbox);
			return null;
		});
		this.mongo.execute((DbCallback<Void>) (database) -> {
			TtlIndexes.ensure(database, this.collection, OutboxDocuments.PUBLISHED_AT, this.retention, this.privileges);
			return null;
		});
	}

	private void create(MongoCollection<Document> outbox, Bson index, String keys, String consequence) {
		try {
			outbox.createIndex(index);
		}
		catch (MongoCommandException ex) {
			if (!MissingPrivileges.isUnauthorized(ex)) {
				throw ex;
			}
			this.privileges.refused("db." + this.collection + ".createIndex({" + keys + "})",
					"the createIndex action (in readWrite)", consequence);
		}
	}

	// Listed first, so that a current outbox sees no failed command (a server logs each one).
	private void dropSuperseded(MongoCollection<Document> outbox) {
		List<String> present = new ArrayList<>();
		try {
			outbox.listIndexes().forEach((index) -> present.add(index.getString("name")));
		}
		catch (MongoCommandException ex) {
			if (!MissingPrivileges.isUnauthorized(ex)) {
				throw ex;
			}
			this.privileges.refused("db." + this.collection + ".getIndexes()", "the listIndexes action (in read)",
					"Indexes of an earlier version are not looked for, and stay if there are any");
			return;
		}
		SUPERSEDED_INDEXES.stream().filter(present::contains).forEach((index) -> drop(outbox, index));
	}

	private void drop(MongoCollection<Document> outbox, String index) {
		try {
			outbox.dropIndex(index);
		}
		catch (MongoCommandException ex) {
			if (MissingPrivileges.isUnauthorized(ex)) {
				this.privileges.refused("db." + this.collection + ".dropIndex(\"" + index + "\")",
						"the dropIndex action (in readWrite)", "An index of an earlier version stays, unused");
				return;
			}
			// Dropped meanwhile by another instance.
			if (ex.getErrorCode() != INDEX_NOT_FOUND && !String.valueOf(ex.getErrorMessage()).contains("not found")) {
				throw ex;
			}
		}
	}

}
