package io.eventwire.outbox;

import java.nio.charset.StandardCharsets;
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
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import io.eventwire.EventPublisher;
import io.eventwire.OutgoingEvent;
import io.eventwire.PublishException;
import io.eventwire.internal.Uuids;
import io.eventwire.publish.EventRecordFactory;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoOperations;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link OutboxDao} on a MongoDB collection, publishing through the {@link EventPublisher}.
 */
final class MongoOutboxDao<T, ID> implements OutboxDao<T, ID> {

	private static final Logger logger = LoggerFactory.getLogger(MongoOutboxDao.class);

	static final String METADATA = "__metadata__";

	private static final String DELETED_FIELD = METADATA + ".deleted";

	private static final String PUBLISHED_FIELD = METADATA + ".published";

	private static final String LAST_EVENT_ID_FIELD = METADATA + ".last_event_id";

	private static final JsonWriterSettings JSON = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

	private final MongoOperations mongo;

	private final String collection;

	private final Class<T> type;

	private final String idField;

	private final String topic;

	private final Function<T, Object> payload;

	private final EventPublisher publisher;

	private final EventRecordFactory records;

	private final JsonMapper jsonMapper;

	MongoOutboxDao(MongoOperations mongo, String collection, Class<T> type, String idField, String topic,
			Function<T, Object> payload, EventPublisher publisher, EventRecordFactory records, JsonMapper jsonMapper) {
		this.mongo = mongo;
		this.collection = collection;
		this.type = type;
		this.idField = idField;
		this.topic = topic;
		this.payload = payload;
		this.publisher = publisher;
		this.records = records;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void insert(T resource) {
		Document document = toDocument(resource);
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
		publish(document, UPSERTED, resource);
	}

	@Override
	public void update(T resource) {
		Document document = toDocument(resource);
		Object id = document.get("_id");
		UpdateResult result = execute((resources) -> resources.replaceOne(existing(id), document));
		if (result.getMatchedCount() == 0) {
			throw new ResourceNotFoundException(this.collection, id);
		}
		publish(document, UPSERTED, resource);
	}

	@Override
	public void upsert(T resource) {
		Document document = toDocument(resource);
		execute((resources) -> resources.replaceOne(Filters.eq("_id", document.get("_id")), document,
				new ReplaceOptions().upsert(true)));
		publish(document, UPSERTED, resource);
	}

	@Override
	public void delete(ID id) {
		String key = String.valueOf(id);
		Document tombstone = new Document("_id", key).append(METADATA, metadata(true));
		UpdateResult result = execute((resources) -> resources.replaceOne(existing(key), tombstone));
		if (result.getMatchedCount() == 0) {
			throw new ResourceNotFoundException(this.collection, id);
		}
		publish(tombstone, DELETED, null);
	}

	@Override
	public Optional<T> findById(ID id) {
		Document document = execute((resources) -> resources.find(existing(String.valueOf(id))).first());
		return Optional.ofNullable(document).map(this::toResource);
	}

	@Override
	public List<T> find(Map<String, Object> mapping) {
		List<Bson> filters = new ArrayList<>();
		filters.add(Filters.ne(DELETED_FIELD, true));
		mapping.forEach((field, value) -> filters.add(Filters.eq(field.equals(this.idField) ? "_id" : field, value)));
		List<Document> documents = execute((resources) -> resources.find(Filters.and(filters)).into(new ArrayList<>()));
		return documents.stream().map(this::toResource).toList();
	}

	@Override
	public int publishPending() {
		// The same event ids again: if a send went through and only its ack was lost, consumers see a duplicate.
		return publishAll(Filters.eq(PUBLISHED_FIELD, false), false);
	}

	@Override
	public int republishAll() {
		return publishAll(Filters.empty(), true);
	}

	private int publishAll(Bson filter, boolean newEventIds) {
		List<Document> documents = execute((resources) -> resources.find(filter).into(new ArrayList<>()));
		int published = 0;
		for (Document document : documents) {
			Document metadata = document.get(METADATA, Document.class);
			if (newEventIds) {
				String eventId = Uuids.random();
				execute((resources) -> resources.updateOne(Filters.eq("_id", document.get("_id")),
						Updates.combine(Updates.set(LAST_EVENT_ID_FIELD, eventId), Updates.set(PUBLISHED_FIELD, false))));
				metadata.put("last_event_id", eventId);
			}
			boolean deleted = Boolean.TRUE.equals(metadata.getBoolean("deleted"));
			if (publish(document, deleted ? DELETED : UPSERTED, deleted ? null : toResource(document))) {
				published++;
			}
		}
		return published;
	}

	/**
	 * Publish the change under its stored event id and mark it published; on failure it stays pending
	 * for publishPending().
	 */
	private boolean publish(Document document, String eventType, @Nullable T resource) {
		Object id = document.get("_id");
		Document metadata = document.get(METADATA, Document.class);
		String eventId = metadata.getString("last_event_id");
		String correlationId = metadata.getString("correlation_id");
		Object payload = (resource != null) ? this.payload.apply(resource) : Map.of();
		try {
			this.publisher.publish(OutgoingEvent.builder(this.topic, eventType, String.valueOf(id), payload)
				.eventId(eventId)
				.correlationId(correlationId)
				.build());
		}
		catch (PublishException ex) {
			logger.warn("Could not publish the {} event of {} in {}; it stays pending: {}", eventType, id,
					this.collection, ex.getMessage());
			return false;
		}
		// Only if no later change replaced it meanwhile.
		execute((resources) -> resources.updateOne(
				Filters.and(Filters.eq("_id", id), Filters.eq(LAST_EVENT_ID_FIELD, eventId)),
				Updates.set(PUBLISHED_FIELD, true)));
		return true;
	}

	private Bson existing(Object id) {
		return Filters.and(Filters.eq("_id", id), Filters.ne(DELETED_FIELD, true));
	}

	private Document toDocument(T resource) {
		ObjectNode tree = (ObjectNode) this.jsonMapper.valueToTree(resource);
		JsonNode id = tree.remove(this.idField);
		if (id == null || id.isNull()) {
			throw new IllegalArgumentException("The resource has no '" + this.idField + "': " + resource);
		}
		Document document = Document.parse(this.jsonMapper.writeValueAsString(tree));
		Document result = new Document("_id", id.asString());
		result.putAll(document);
		result.put(METADATA, metadata(false));
		return result;
	}

	private Document metadata(boolean deleted) {
		String correlationId = this.records.currentOrNewCorrelationId(this.topic, deleted ? DELETED : UPSERTED);
		return new Document("deleted", deleted).append("published", false)
			.append("correlation_id", correlationId)
			.append("last_event_id", Uuids.random());
	}

	private T toResource(Document document) {
		Document state = new Document(document);
		state.remove(METADATA);
		Object id = state.remove("_id");
		state.put(this.idField, id);
		return this.jsonMapper.readValue(state.toJson(JSON).getBytes(StandardCharsets.UTF_8), this.type);
	}

	private <R> R execute(Function<MongoCollection<Document>, R> action) {
		return this.mongo.execute(this.collection, action::apply);
	}

}
