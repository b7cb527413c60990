package io.eventwire.outbox;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import io.eventwire.OutgoingEvent;
import io.eventwire.internal.Uuids;
import io.eventwire.publish.EventRecordFactory;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a stateful outbox stores its resources: the resource's fields with its id as {@code _id}
 * ({@link QueryableFields}, for queries), and {@code __metadata__} (hexkit's layout, plus
 * eventwire's {@code key_hash}, {@code json} and {@code payload_json}) describing its pending event.
 * The resource is read back from {@code json}, the JSON its mapper wrote, so that it comes back (and
 * its events go out) exactly as it was written: BSON cannot hold every number as written, nor keys
 * such as {@code $oid} as data.
 *
 * @param <T> the resource type
 */
final class ResourceDocuments<T> {

	static final String METADATA = "__metadata__";

	/** In {@code __metadata__}: the resource as JSON text, the truth its fields are a copy of. */
	static final String JSON_FIELD = "json";

	/**
	 * In {@code __metadata__}: the payload of the pending event, where it is not {@link #JSON_FIELD}
	 * (a DAO that maps resources to payloads): written with the state, so that any relay instance
	 * sends it without the DAO's classes.
	 */
	static final String PAYLOAD_JSON_FIELD = "payload_json";

	private static final JsonWriterSettings JSON = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

	private final Class<T> type;

	private final String idField;

	private final String topic;

	private final EventRecordFactory records;

	private final JsonMapper jsonMapper;

	private final Function<T, Object> payload;

	ResourceDocuments(Class<T> type, String idField, String topic, EventRecordFactory records, JsonMapper jsonMapper,
			Function<T, Object> payload) {
		this.type = type;
		this.idField = idField;
		this.topic = topic;
		this.records = records;
		this.jsonMapper = jsonMapper;
		this.payload = payload;
	}

	/**
	 * @return the document storing the resource's new state, its event pending
	 */
	Document toDocument(T resource) {
		ObjectNode tree = (ObjectNode) this.jsonMapper.valueToTree(resource);
		String json = this.jsonMapper.writeValueAsString(tree);
		JsonNode id = tree.remove(this.idField);
		if (id == null || id.isNull()) {
			throw new IllegalArgumentException("The resource has no '" + this.idField + "': " + resource);
		}
		Document result = new Document("_id", id.asString());
		result.putAll(QueryableFields.of(tree));
		Document metadata = metadata(result.get("_id"), false).append(JSON_FIELD, json);
		String payloadJson = new String(this.records.writePayload(
				OutgoingEvent.builder(this.topic, OutboxDao.UPSERTED, id.asString(), this.payload.apply(resource)).build()),
				StandardCharsets.UTF_8);
		if (!payloadJson.equals(json)) {
			metadata.append(PAYLOAD_JSON_FIELD, payloadJson);
		}
		result.put(METADATA, metadata);
		return result;
	}

	/**
	 * @return the tombstone of a deleted resource, its event pending
	 */
	Document tombstone(String id) {
		return new Document("_id", id).append(METADATA, metadata(id, true));
	}

	T toResource(Document document) {
		Document metadata = document.get(METADATA, Document.class);
		if (metadata != null && metadata.get(JSON_FIELD) instanceof String json) {
			return this.jsonMapper.readValue(json, this.type);
		}
		// Stored by an earlier version: the fields are all there is.
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
