package io.eventwire.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that creates eventwire's TTL indexes (the outbox's published events, the inbox's
 * handled event ids). A retention changed on redeploy just applies: MongoDB refuses an index with
 * another {@code expireAfterSeconds} on the same key ({@code IndexOptionsConflict}, code 85), and
 * the existing index is then changed in place with {@code collMod}. A user with the built-in
 * {@code readWrite} role may not run {@code collMod} (it needs {@code dbAdmin}): then the index keeps
 * its expiry, the refusal is said once ({@link MissingPrivileges}), and nothing else stops.
 */
public final class TtlIndexes {

	private static final Logger logger = LoggerFactory.getLogger(TtlIndexes.class);

	/** MongoDB's answer to an index that exists with other options. */
	static final int INDEX_OPTIONS_CONFLICT = 85;

	private TtlIndexes() {
	}

	/**
	 * Make documents of the collection expire {@code retention} after the date in {@code field}.
	 * @param database the database
	 * @param collection the collection
	 * @param field the date field the TTL index is on
	 * @param retention how long documents are kept after that date
	 * @param privileges where a command refused for lack of privileges is recorded
	 */
	public static void ensure(MongoDatabase database, String collection, String field, Duration retention,
			MissingPrivileges privileges) {
		long seconds = retention.toSeconds();
		try {
			database.getCollection(collection)
				.createIndex(Indexes.ascending(field), new IndexOptions().expireAfter(seconds, TimeUnit.SECONDS));
		}
		catch (MongoCommandException ex) {
			if (MissingPrivileges.isUnauthorized(ex)) {
				privileges.refused("db." + collection + ".createIndex({" + field + ": 1}, {expireAfterSeconds: " + seconds
						+ "})", "the createIndex action (in readWrite)", collection + " has no TTL index: nothing expires");
				return;
			}
			if (ex.getErrorCode() != INDEX_OPTIONS_CONFLICT) {
				throw ex;
			}
			changeExpiry(database, collection, field, retention, privileges);
		}
	}

	private static void changeExpiry(MongoDatabase database, String collection, String field, Duration retention,
			MissingPrivileges privileges) {
		long seconds = retention.toSeconds();
		try {
			database.runCommand(new Document("collMod", collection).append("index",
					new Document("keyPattern", new Document(field, 1)).append("expireAfterSeconds", seconds)));
			logger.info("The retention of {} changed: its documents now expire {} after '{}'", collection, retention,
					field);
		}
		catch (MongoCommandException ex) {
			if (!MissingPrivileges.isUnauthorized(ex)) {
				throw ex;
			}
			privileges.refused("db.runCommand({collMod: \"" + collection + "\", index: {keyPattern: {" + field
					+ ": 1}, expireAfterSeconds: " + seconds + "}})",
					"the dbAdmin role on the database (or a role with the collMod action on " + collection + ")",
					"The retention of " + collection + " stays as its TTL index has it, not " + retention);
		}
	}

}
