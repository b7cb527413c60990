package io.eventwire.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.result.UpdateResult;
import io.eventwire.internal.Uuids;
import io.eventwire.publish.EventRecordFactory;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoOperations;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link OutboxDao} on a MongoDB collection. A write stores the resource's state and its pending
 * event in one document and returns when MongoDB has it; the outbox relay publishes it
 * ({@link StatefulChanges}), sharded and in order like the event outbox.
 */
final class MongoOutboxDao<T, ID> implements OutboxDao<T, ID> {

	static final String METADATA = ResourceDocuments.METADATA;

	private static final String DELETED_FIELD = METADATA + ".deleted";

	// Republished in pages of this many resources, each page one query and one bulk write.
	private static final int REPUBLISH_PAGE = 500;

	private final MongoOperations mongo;

	private final String collection;

	private final String idField;

	private final ResourceDocuments<T> documents;

	private final Runnable wakeUp;

	private final StatefulChanges changes;

	private final Runnable declare;

	private volatile boolean declared;

	/**
	 * @param declare records the collection in the stateful outbox's registry, so that every relay
	 * instance relays it; run before this DAO's first write
	 */
	MongoOutboxDao(MongoOperations mongo, String collection, Class<T> type, String idField, String topic,
			Function<T, Object> payload, EventRecordFactory records, JsonMapper jsonMapper, Runnable wakeUp,
			Runnable declare) {
		this.mongo = mongo;
		this.collection = collection;
		this.idField = idField;
		this.documents = new ResourceDocuments<>(type, idField, topic, records, jsonMapper, payload);
		this.wakeUp = wakeUp;
		this.declare = declare;
		this.changes = new StatefulChanges(mongo, collection, topic,
				(document) -> payload.apply(this.documents.toResource(document)), records);
	}

	/**
	 * @return the relay's side of this collection
	 */
	StatefulChanges changes() {
		return this.changes;
	}

	@Override
	public void insert(T resource) {
		Document document = this.documents.toDocument(resource);
		Object id = document.get("_id");
		execute((resources) -> {
			try {
				resources.insertOne(document);
			}
			catch (MongoException ex) {
				if (ErrorCategory.fromErrorCode(ex.getCode()) != ErrorCategory.DUPLICATE_KEY) {
					throw ex;
				}
				// A deleted resource's id may be used again: replace its tombstone.
				if (resources.replaceOne(Filters.and(Filters.eq("_id", id), Filters.eq(DELETED_FIELD, true)), document)
					.getMatchedCount() == 0) {
					throw new ResourceAlreadyExistsException(this.collection, id);
				}
			}
			return null;
		});
		changed();
	}

	@Override
	public void update(T resource) {
		Document document = this.documents.toDocument(resource);
		Object id = document.get("_id");
		UpdateResult result = execute((resources) -> resources.replaceOne(existing(id), document));
		if (result.getMatchedCount() == 0) {
			throw new ResourceNotFoundException(this.collection, id);
		}
		changed();
	}

	@Override
	public void upsert(T resource) {
		Document document = this.documents.toDocument(resource);
		execute((resources) -> resources.replaceOne(Filters.eq("_id", document.get("_id")), document,
				new ReplaceOptions().upsert(true)));
		changed();
	}

	@Override
	public void delete(ID id) {
		String key = String.valueOf(id);
		Document tombstone = this.documents.tombstone(key);
		UpdateResult result = execute((resources) -> resources.replaceOne(existing(key), tombstone));
		if (result.getMatchedCount() == 0) {
			throw new ResourceNotFoundException(this.collection, id);
		}
		changed();
	}

	@Override
	public Optional<T> findById(ID id) {
		Document document = execute((resources) -> resources.find(existing(String.valueOf(id))).first());
		return Optional.ofNullable(document).map(this.documents::toResource);
	}

	@Override
	public List<T> find(Map<String, Object> mapping) {
		List<Bson> filters = new ArrayList<>();
		filters.add(Filters.ne(DELETED_FIELD, true));
		mapping.forEach((field, value) -> filters.add(Filters.eq(field.equals(this.idField) ? "_id" : field, value)));
		List<Document> documents = execute((resources) -> resources.find(Filters.and(filters)).into(new ArrayList<>()));
		return documents.stream().map(this.documents::toResource).toList();
	}

	@Override
	public int publishPending() {
		this.wakeUp.run();
		return (int) this.changes.pendingCount();
	}

	@Override
	public int republishAll() {
		int republished = 0;
		Object last = null;
		while (true) {
			Bson after = (last != null) ? Filters.gt("_id", last) : Filters.empty();
			List<Document> page = execute((resources) -> resources.find(after)
				.projection(new Document("_id", 1))
				.sort(new Document("_id", 1))
				.limit(REPUBLISH_PAGE)
				.into(new ArrayList<>()));
			if (page.isEmpty()) {
				break;
			}
			List<WriteModel<Document>> updates = new ArrayList<>(page.size());
			for (Document resource : page) {
				updates.add(new UpdateOneModel<>(Filters.eq("_id", resource.get("_id")),
						Updates.combine(Updates.set(StatefulChanges.LAST_EVENT_ID, Uuids.random()),
								Updates.set(StatefulChanges.PUBLISHED, false), Updates.unset(StatefulChanges.FAILED),
								Updates.unset(METADATA + ".attempts"))));
			}
			execute((resources) -> resources.bulkWrite(updates));
			republished += page.size();
			last = page.get(page.size() - 1).get("_id");
		}
		this.wakeUp.run();
		return republished;
	}

	// The relay publishes it; woken once the write is committed, if it runs in this instance.
	private void changed() {
		AfterCommit.run(this.wakeUp);
	}

	private Bson existing(Object id) {
		return Filters.and(Filters.eq("_id", id), Filters.ne(DELETED_FIELD, true));
	}

	private <R> R execute(Function<MongoCollection<Document>, R> action) {
		if (!this.declared) {
			this.declare.run();
			this.declared = true;
		}
		return this.mongo.execute(this.collection, action::apply);
	}

}
