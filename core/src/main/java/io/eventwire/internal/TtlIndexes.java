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
 * the existing index is then changed in place with {@code collMod}.
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
	 */
	public static void ensure(MongoDatabase database, String collection, String field, Duration retention) {
		long seconds = retention.toSeconds();
		try {
			database.getCollection(collection)
				.createIndex(Indexes.ascending(field), new IndexOptions().expireAfter(seconds, TimeUnit.SECONDS));
		}
		catch (MongoCommandException ex) {
			if (ex.getErrorCode() != INDEX_OPTIONS_CONFLICT) {
				throw ex;
			}
			database.runCommand(new Document("collMod", collection).append("index",
					new Document("keyPattern", new Document(field, 1)).append("expireAfterSeconds", seconds)));
			logger.info("The retention of {} changed: its documents now expire {} after '{}'", collection, retention,
					field);
		}
	}

}
