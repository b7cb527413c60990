package io.eventwire.outbox;

import java.nio.charset.StandardCharsets;

import io.eventwire.internal.Uuids;
import io.eventwire.publish.EventRecordFactory;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a stateful outbox stores its resources: the resource's fields with its id as {@code _id}, and
 * {@code __metadata__} (hexkit's layout, plus eventwire's {@code key_hash}) describing its pending
 * event.
 *
 * @param <T> the resource type
 */
final class ResourceDocuments<T> {

	static final String METADATA = "__metadata__";

	private static final JsonWriterSettings JSON = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

	private final Class<T> type;

	private final String idField;

	private final String topic;

	private final EventRecordFactory records;

	private final JsonMapper jsonMapper;

	ResourceDocuments(Class<T> type, String idField, String topic, EventRecordFactory records, JsonMapper jsonMapper) {
		this.type = type;
		this.idField = idField;
		this.topic = topic;
		this.records = records;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * @return the document storing the resource's new state, its event pending
	 */
	Document toDocument(T resource) {
		ObjectNode tree = (ObjectNode) this.jsonMapper.valueToTree(resource);
		JsonNode id = tree.remove(this.idField);
		if (id == null || id.isNull()) {
			throw new IllegalArgumentException("The resource has no '" + this.idField + "': " + resource);
		}
		Document document = Document.parse(this.jsonMapper.writeValueAsString(tree));
		Document result = new Document("_id", id.asString());
		result.putAll(document);
		result.put(METADATA, metadata(result.get("_id"), false));
		return result;
	}

	/**
	 * @return the tombstone of a deleted resource, its event pending
	 */
	Document tombstone(String id) {
		return new Document("_id", id).append(METADATA, metadata(id, true));
	}

	T toResource(Document document) {
		Document state = new Document(document);
		state.remove(METADATA);
		Object id = state.remove("_id");
		state.put(this.idField, id);
		return this.jsonMapper.readValue(state.toJson(JSON).getBytes(StandardCharsets.UTF_8), this.type);
	}

	// Each change gets a new event id; the correlation id is the current one, as for any event.
	private Document metadata(Object id, boolean deleted) {
		String correlationId = this.records.currentOrNewCorrelationId(this.topic,
				deleted ? OutboxDao.DELETED : OutboxDao.UPSERTED);
		return new Document("deleted", deleted).append("published", false)
			.append("correlation_id", correlationId)
			.append("last_event_id", Uuids.random())
			.append("key_hash", MongoEventOutbox.keyHash(String.valueOf(id)));
	}

}
