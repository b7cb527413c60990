package io.eventwire.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.eventwire.OutgoingEvent;
import io.eventwire.internal.LogSafe;
import io.eventwire.publish.EventRecordFactory;
import org.apache.kafka.common.utils.Utils;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.util.Assert;

/**
 * The {@link EventOutbox} in a MongoDB collection, written through {@link MongoOperations} so that
 * it joins the current Spring-managed MongoDB transaction.
 */
public class MongoEventOutbox implements EventOutbox {

	private static final Logger logger = LoggerFactory.getLogger(MongoEventOutbox.class);

	// What the relay wrote on an event, and the trace of the one before: none of it belongs to a newer event.
	// An older version's payload document is replaced by the JSON text.
	private static final List<String> REPLACED_MARKS = List.of(OutboxDocuments.ATTEMPTS, OutboxDocuments.LAST_ERROR,
			OutboxDocuments.PUBLISHED_AT, OutboxDocuments.TRACE_CONTEXT, OutboxDocuments.PAYLOAD);

	private final MongoOperations mongo;

	private final String collection;

	private final EventRecordFactory records;

	private final Set<String> compactedTopics;

	private final Runnable wakeUp;

	private final OutboxTracing tracing;

	private final Clock clock;

	private final Runnable beforeFirstWrite;

	private final OutboxTransactionCheck transactionCheck;

	private volatile boolean written;

	/**
	 * @param mongo writes the documents
	 * @param collection the outbox collection
	 * @param records decides event ids and correlation ids and writes payloads, as the publisher does
	 * @param compactedTopics topics on which a newer event replaces an unpublished older one with
	 * the same key
	 * @param wakeUp wakes the relay once a write is committed
	 * @param tracing stores the current trace context with each event
	 * @param clock stamps {@code created}
	 */
	public MongoEventOutbox(MongoOperations mongo, String collection, EventRecordFactory records,
			Set<String> compactedTopics, Runnable wakeUp, OutboxTracing tracing, Clock clock) {
		this(mongo, collection, records, compactedTopics, wakeUp, tracing, clock, () -> {
		});
	}

	/**
	 * @param mongo writes the documents
	 * @param collection the outbox collection
	 * @param records decides event ids and correlation ids and writes payloads, as the publisher does
	 * @param compactedTopics topics on which a newer event replaces an unpublished older one with
	 * the same key
	 * @param wakeUp wakes the relay once a write is committed
	 * @param tracing stores the current trace context with each event
	 * @param clock stamps {@code created}
	 * @param beforeFirstWrite runs before this instance's first write (see
	 * {@link OutboxRelay#beforeFirstWrite()})
	 */
	public MongoEventOutbox(MongoOperations mongo, String collection, EventRecordFactory records,
			Set<String> compactedTopics, Runnable wakeUp, OutboxTracing tracing, Clock clock, Runnable beforeFirstWrite) {
		this(mongo, collection, records, compactedTopics, wakeUp, tracing, clock, beforeFirstWrite,
				OutboxTransactionCheck.NONE);
	}

	/**
	 * @param mongo writes the documents
	 * @param collection the outbox collection
	 * @param records decides event ids and correlation ids and writes payloads, as the publisher does
	 * @param compactedTopics topics on which a newer event replaces an unpublished older one with
	 * the same key
	 * @param wakeUp wakes the relay once a write is committed
	 * @param tracing stores the current trace context with each event
	 * @param clock stamps {@code created}
	 * @param beforeFirstWrite runs before this instance's first write (see
	 * {@link OutboxRelay#beforeFirstWrite()})
	 * @param transactionCheck what a write outside a MongoDB transaction gets
	 */
	public MongoEventOutbox(MongoOperations mongo, String collection, EventRecordFactory records,
			Set<String> compactedTopics, Runnable wakeUp, OutboxTracing tracing, Clock clock, Runnable beforeFirstWrite,
			OutboxTransactionCheck transactionCheck) {
		Assert.notNull(mongo, "mongo must not be null");
		Assert.hasText(collection, "collection must not be blank");
		this.mongo = mongo;
		this.collection = collection;
		this.records = records;
		this.compactedTopics = Set.copyOf(compactedTopics);
		this.wakeUp = wakeUp;
		this.tracing = tracing;
		this.clock = clock;
		this.beforeFirstWrite = beforeFirstWrite;
		this.transactionCheck = transactionCheck;
	}

	@Override
	public void publish(OutgoingEvent event) {
		this.transactionCheck.check(event);
		if (!this.written) {
			this.beforeFirstWrite.run();
			this.written = true;
		}
		String eventId = this.records.eventId(event);
		boolean compacted = this.compactedTopics.contains(event.topic());
		Object id = compacted ? event.topic() + ":" + event.key() : eventId;
		Document fields = new Document(OutboxDocuments.TOPIC, event.topic())
			.append(OutboxDocuments.KEY, event.key())
			.append(OutboxDocuments.TYPE, event.type())
			// The JSON text as the publisher wrote it: no BSON type holds every JSON number as written.
			.append(OutboxDocuments.PAYLOAD_JSON, new String(this.records.writePayload(event), StandardCharsets.UTF_8))
			.append(OutboxDocuments.EVENT_ID, eventId)
			.append(OutboxDocuments.HEADERS, new Document(this.records.headers(event)))
			.append(OutboxDocuments.CORRELATION_ID, this.records.correlationId(event))
			.append(OutboxDocuments.CREATED, Date.from(this.clock.instant()))
			.append(OutboxDocuments.PUBLISHED, false)
			.append(OutboxDocuments.FAILED, false)
			.append(OutboxDocuments.WRITER_SEQUENCE, new ObjectId())
			.append(OutboxDocuments.KEY_HASH, keyHash(event.key()));
		Map<String, String> traceContext = this.tracing.capture(event.topic());
		if (!traceContext.isEmpty()) {
			fields.append(OutboxDocuments.TRACE_CONTEXT, new Document(Map.copyOf(traceContext)));
		}
		// execute() hands out the collection bound to the current transaction's session, if any.
		this.mongo.execute(this.collection, (collection) -> {
			if (compacted) {
				// The newest event for the key replaces the stored one, published or not, with none of its
				// marks; the database stamps the order (seq) as it applies the write.
				List<Bson> updates = new ArrayList<>();
				fields.forEach((name, value) -> updates.add(Updates.set(name, value)));
				REPLACED_MARKS.stream()
					.filter((name) -> !fields.containsKey(name))
					.forEach((name) -> updates.add(Updates.unset(name)));
				updates.add(Updates.currentTimestamp(OutboxDocuments.SEQUENCE));
				return collection.updateOne(Filters.eq(OutboxDocuments.ID, id), Updates.combine(updates),
						new UpdateOptions().upsert(true));
			}
			// An empty timestamp in a top-level field is replaced by the server's on insert: the database
			// stamps the order (seq) as it applies the write, in the same one command.
			Document entry = new Document(OutboxDocuments.ID, id).append(OutboxDocuments.SEQUENCE, new BsonTimestamp());
			entry.putAll(fields);
			return collection.insertOne(entry);
		});
		if (logger.isDebugEnabled()) {
			logger.debug("Stored event {} of type '{}' for {} in the outbox", eventId, LogSafe.escape(event.type()),
					event.topic());
		}
		AfterCommit.run(this.wakeUp);
	}

	/**
	 * @param key an event key
	 * @return a non-negative hash of it, the same as Kafka's default partitioner uses
	 */
	public static int keyHash(String key) {
		return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)));
	}

}
