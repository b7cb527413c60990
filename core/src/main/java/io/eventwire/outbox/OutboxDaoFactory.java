package io.eventwire.outbox;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.eventwire.publish.EventRecordFactory;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.util.Assert;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates {@link OutboxDao}s, one per collection: creating the DAO of a collection again returns the
 * one created first (so a DAO created per request costs nothing), and one asked for with another
 * type, id field or topic is refused. A DAO's first write declares its collection in MongoDB, so
 * that every relay instance of the service relays it, also one whose process never created the DAO.
 */
public class OutboxDaoFactory {

	private final MongoOperations mongo;

	private final EventRecordFactory records;

	private final JsonMapper jsonMapper;

	private final Runnable wakeUp;

	private final Map<String, Declared> daos = new ConcurrentHashMap<>();

	private final String registry;

	/**
	 * @param mongo stores the resources
	 * @param records decides correlation ids and writes payloads, as the publisher does
	 * @param jsonMapper converts resources to and from documents and payloads
	 * @param wakeUp wakes the local relay once a write is committed (a no-op where none runs)
	 */
	public OutboxDaoFactory(MongoOperations mongo, EventRecordFactory records, JsonMapper jsonMapper,
			Runnable wakeUp) {
		this(mongo, records, jsonMapper, wakeUp, "eventwire_outbox");
	}

	/**
	 * @param mongo stores the resources
	 * @param records decides correlation ids and writes payloads, as the publisher does
	 * @param jsonMapper converts resources to and from documents and payloads
	 * @param wakeUp wakes the local relay once a write is committed (a no-op where none runs)
	 * @param outboxCollection the event outbox's collection, after which the collection the stateful
	 * collections are declared in is named ({@code <outboxCollection>_stateful})
	 */
	public OutboxDaoFactory(MongoOperations mongo, EventRecordFactory records, JsonMapper jsonMapper,
			Runnable wakeUp, String outboxCollection) {
		this.mongo = mongo;
		this.records = records;
		this.jsonMapper = jsonMapper;
		this.wakeUp = wakeUp;
		this.registry = StatefulCollections.registryOf(outboxCollection);
	}

	/**
	 * A DAO whose events carry the resource itself as payload.
	 * @param collection the collection
	 * @param type the resource type (a record or POJO Jackson can read and write)
	 * @param idField the resource's id property
	 * @param topic the topic of its events
	 * @param <T> the resource type
	 * @param <ID> the id type
	 * @return the DAO
	 */
	public <T, ID> OutboxDao<T, ID> create(String collection, Class<T> type, String idField, String topic) {
		return create(collection, type, idField, topic, (resource) -> resource);
	}

	/**
	 * A DAO whose event payloads are mapped from the resource.
	 * @param collection the collection
	 * @param type the resource type (a record or POJO Jackson can read and write)
	 * @param idField the resource's id property
	 * @param topic the topic of its events
	 * @param payload maps a resource to its event payload
	 * @param <T> the resource type
	 * @param <ID> the id type
	 * @return the DAO; the one created before for the collection, if any (with its payload mapping)
	 * @throws IllegalArgumentException if the collection's DAO was created with another type, id
	 * field or topic
	 */
	@SuppressWarnings("unchecked")
	public <T, ID> OutboxDao<T, ID> create(String collection, Class<T> type, String idField, String topic,
			Function<T, Object> payload) {
		Assert.hasText(collection, "collection must not be blank");
		Assert.notNull(type, "type must not be null");
		Assert.hasText(idField, "idField must not be blank");
		Assert.hasText(topic, "topic must not be blank");
		Declared declared = this.daos.computeIfAbsent(collection, (name) -> new Declared(type, idField, topic,
				new MongoOutboxDao<>(this.mongo, name, type, idField, topic, payload, this.records, this.jsonMapper,
						this.wakeUp, () -> StatefulCollections.declare(this.mongo, this.registry, name, topic))));
		if (!declared.type().equals(type) || !declared.idField().equals(idField) || !declared.topic().equals(topic)) {
			throw new IllegalArgumentException("The stateful outbox collection '" + collection + "' is declared with "
					+ declared.type().getName() + " (id '" + declared.idField() + "', topic " + declared.topic()
					+ "), not with " + type.getName() + " (id '" + idField + "', topic " + topic + ")");
		}
		return (OutboxDao<T, ID>) declared.dao();
	}

	/**
	 * @return the relay's side of every DAO created here
	 */
	List<StatefulChanges> changes() {
		return this.daos.values().stream().map((declared) -> declared.dao().changes()).toList();
	}

	private record Declared(Class<?> type, String idField, String topic, MongoOutboxDao<?, ?> dao) {
	}

}
