package io.eventwire.consume;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.eventwire.internal.MissingPrivileges;
import io.eventwire.internal.TtlIndexes;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.DbCallback;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * An {@link EventInbox} in a MongoDB collection: one document per handled event and group
 * ({@code _id} is {@code "<group>:<event id>"}), removed by a TTL index after the retention.
 * <p>
 * With a MongoDB transaction manager the record joins the handler's transaction: the event is
 * claimed, then handled, and both commit together.
 */
public class MongoEventInbox implements EventInbox {

	private static final String HANDLED_AT = "handled_at";

	private final MongoOperations mongo;

	private final String collection;

	private final Clock clock;

	private final Duration retention;

	private final @Nullable TransactionOperations transactions;

	private volatile boolean indexed;

	private final MissingPrivileges privileges = new MissingPrivileges();

	/**
	 * @param mongo stores the handled event ids
	 * @param collection the inbox collection
	 * @param retention how long a handled event id is remembered
	 * @param clock stamps the documents
	 */
	public MongoEventInbox(MongoOperations mongo, String collection, Duration retention, Clock clock) {
		this(mongo, collection, retention, clock, null);
	}

	/**
	 * @param mongo stores the handled event ids
	 * @param collection the inbox collection
	 * @param retention how long a handled event id is remembered
	 * @param clock stamps the documents
	 * @param transactions MongoDB transactions (a {@code TransactionTemplate} of a
	 * {@code MongoTransactionManager}), or {@code null} to record after the handler
	 */
	public MongoEventInbox(MongoOperations mongo, String collection, Duration retention, Clock clock,
			@Nullable TransactionOperations transactions) {
		Assert.notNull(mongo, "mongo must not be null");
		Assert.hasText(collection, "collection must not be blank");
		this.mongo = mongo;
		this.collection = collection;
		this.clock = clock;
		this.retention = retention;
		this.transactions = transactions;
	}

	@Override
	public boolean handled(String groupId, String eventId) {
		// Here, ahead of any transaction: an index cannot be created inside one on an existing collection.
		ensureIndex();
		// A find by id, not a count: a count is an aggregation, which simple servers answer by scanning.
		return this.mongo.execute(this.collection, (inbox) -> inbox.find(Filters.eq("_id", id(groupId, eventId)))
			.projection(Projections.include("_id"))
			.limit(1)
			.first() != null);
	}

	@Override
	public boolean record(String groupId, String eventId) {
		ensureIndex();
		try {
			return this.mongo.execute(this.collection, (inbox) -> {
				try {
					inbox.insertOne(new Document("_id", id(groupId, eventId)).append(HANDLED_AT,
							Date.from(this.clock.instant())));
					return true;
				}
				catch (MongoException ex) {
					if (ErrorCategory.fromErrorCode(ex.getCode()) != ErrorCategory.DUPLICATE_KEY) {
						throw ex;
					}
					return false;
				}
			});
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	@Override
	public @Nullable TransactionOperations transactions() {
		return this.transactions;
	}

	/**
	 * @return the commands MongoDB refused to the inbox for lack of privileges (a retention change
	 * needs {@code collMod}), and what the inbox does without them; logged once each at WARN
	 */
	public List<String> missingPrivileges() {
		return this.privileges.all();
	}

	// On first use rather than at startup, so that an unreachable MongoDB does not stop the application.
	private void ensureIndex() {
		if (!this.indexed) {
			this.mongo.execute((DbCallback<Void>) (database) -> {
				TtlIndexes.ensure(database, this.collection, HANDLED_AT, this.retention, this.privileges);
				return null;
			});
			this.indexed = true;
		}
	}

	private static String id(String groupId, String eventId) {
		return groupId + ":" + eventId;
	}

}
