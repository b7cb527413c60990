package io.eventwire.outbox;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Updates;
import io.eventwire.internal.LogSafe;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.util.Assert;

/**
 * {@link OutboxOperations} on the event outbox collection. A retried event keeps its place in the
 * write order among the events still pending, but goes out after the later events of its key that
 * were published while it was failed (the relay moved past it when it gave up on it). Only the event
 * outbox is covered: a failed change of a stateful outbox collection goes out again with the
 * resource's next change.
 */
public class MongoOutboxOperations implements OutboxOperations {

	private static final Logger logger = LoggerFactory.getLogger(MongoOutboxOperations.class);

	private final MongoOperations mongo;

	private final String collection;

	private final OutboxStore store;

	private final Runnable wakeUp;

	/**
	 * @param mongo the application's MongoDB
	 * @param collection the event outbox collection
	 * @param wakeUp wakes this instance's relay, so that a retried event goes out now rather than at
	 * the next poll
	 */
	public MongoOutboxOperations(MongoOperations mongo, String collection, Runnable wakeUp) {
		Assert.hasText(collection, "collection must not be blank");
		this.mongo = mongo;
		this.collection = collection;
		this.store = new OutboxStore(mongo, collection);
		this.wakeUp = wakeUp;
	}

	@Override
	public Backlog backlog() {
		Date oldest = this.store.oldestPending();
		return new Backlog(this.store.pendingCount(), this.store.failedCount(),
				(oldest != null) ? oldest.toInstant() : null);
	}

	@Override
	public List<FailedEvent> failed(int limit) {
		Assert.isTrue(limit > 0, "limit must be positive");
		return this.mongo.execute(this.collection, (outbox) -> outbox.find(OutboxStore.FAILED)
			.sort(OutboxStore.WRITE_ORDER)
			.limit(limit)
			.map(MongoOutboxOperations::failedEvent)
			.into(new ArrayList<>()));
	}

	@Override
	public FailedEvent retry(String id) {
		Document before = this.mongo.execute(this.collection,
				(outbox) -> outbox.findOneAndUpdate(failedOne(id),
						Updates.combine(Updates.set(OutboxDocuments.FAILED, false), Updates.set(OutboxDocuments.ATTEMPTS, 0)),
						new FindOneAndUpdateOptions()));
		FailedEvent event = failedEvent(found(id, before));
		logger.info("Outbox event {} of type '{}' for {} is pending again (it had failed {} times: {})",
				LogSafe.escape(event.eventId()), LogSafe.escape(event.type()), LogSafe.escape(event.topic()),
				event.attempts(), event.reason());
		this.wakeUp.run();
		return event;
	}

	@Override
	public FailedEvent discard(String id) {
		Document deleted = this.mongo.execute(this.collection, (outbox) -> outbox.findOneAndDelete(failedOne(id)));
		FailedEvent event = failedEvent(found(id, deleted));
		logger.info("Outbox event {} of type '{}' for {} discarded: deleted from the outbox, never published",
				LogSafe.escape(event.eventId()), LogSafe.escape(event.type()), LogSafe.escape(event.topic()));
		return event;
	}

	private static Bson failedOne(String id) {
		Assert.hasText(id, "id must not be blank");
		return Filters.and(Filters.eq(OutboxDocuments.ID, id), OutboxStore.FAILED);
	}

	private Document found(String id, @Nullable Document document) {
		if (document != null) {
			return document;
		}
		Document other = this.mongo.execute(this.collection,
				(outbox) -> outbox.find(Filters.eq(OutboxDocuments.ID, id)).first());
		String state = (other == null) ? "there is no such event in " + this.collection
				: Boolean.TRUE.equals(other.getBoolean(OutboxDocuments.PUBLISHED)) ? "it was published"
						: "it is pending, not failed (retried already?)";
		throw new OutboxEventNotFoundException("No failed outbox event " + LogSafe.escape(id) + ": " + state);
	}

	private static FailedEvent failedEvent(Document event) {
		Date created = event.getDate(OutboxDocuments.CREATED);
		return new FailedEvent(String.valueOf(event.get(OutboxDocuments.ID)), event.getString(OutboxDocuments.EVENT_ID),
				event.getString(OutboxDocuments.TOPIC), event.getString(OutboxDocuments.TYPE),
				event.getString(OutboxDocuments.KEY), event.getInteger(OutboxDocuments.ATTEMPTS, 0),
				String.valueOf(event.getString(OutboxDocuments.LAST_ERROR)), (created != null) ? created.toInstant() : null);
	}

}
