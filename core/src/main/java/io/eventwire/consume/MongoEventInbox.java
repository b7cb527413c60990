package io.eventwire.consume;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.util.Assert;

/**
 * An {@link EventInbox} in a MongoDB collection: one document per handled event and group
 * ({@code _id} is {@code "<group>:<event id>"}), removed by a TTL index after the retention.
 */
public class MongoEventInbox implements EventInbox {

	private static final String HANDLED_AT = "handled_at";

	private final MongoOperations mongo;

	private final String collection;

	private final Clock clock;

	private final Duration retention;

	private volatile boolean indexed;

	/**
	 * @param mongo stores the handled event ids
	 * @param collection the inbox collection
	 * @param retention how long a handled event id is remembered
	 * @param clock stamps the documents
	 */
	public MongoEventInbox(MongoOperations mongo, String collection, Duration retention, Clock clock) {
		Assert.notNull(mongo, "mongo must not be null");
		Assert.hasText(collection, "collection must not be blank");
		this.mongo = mongo;
		this.collection = collection;
		this.clock = clock;
		this.retention = retention;
	}

	@Override
	public boolean handled(String groupId, String eventId) {
		// A find by id, not a count: a count is an aggregation, which simple servers answer by scanning.
		return this.mongo.execute(this.collection, (inbox) -> inbox.find(Filters.eq("_id", id(groupId, eventId)))
			.projection(Projections.include("_id"))
			.limit(1)
			.first() != null);
	}

	@Override
	public void record(String groupId, String eventId) {
		this.mongo.execute(this.collection, (inbox) -> {
			// On first use rather than at startup, so that an unreachable MongoDB does not stop the application.
			if (!this.indexed) {
				inbox.createIndex(Indexes.ascending(HANDLED_AT),
						new IndexOptions().expireAfter(this.retention.toSeconds(), TimeUnit.SECONDS));
				this.indexed = true;
			}
			try {
				inbox.insertOne(new Document("_id", id(groupId, eventId)).append(HANDLED_AT, Date.from(this.clock.instant())));
			}
			catch (MongoException ex) {
				// Handled twice at once (a rebalance): already recorded, which is all that matters.
				if (ErrorCategory.fromErrorCode(ex.getCode()) != ErrorCategory.DUPLICATE_KEY) {
					throw ex;
				}
			}
			return null;
		});
	}

	private static String id(String groupId, String eventId) {
		return groupId + ":" + eventId;
	}

}
