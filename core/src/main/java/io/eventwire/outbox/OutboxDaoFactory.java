package io.eventwire.outbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.eventwire.publish.EventRecordFactory;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.util.Assert;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates {@link OutboxDao}s, and remembers them so that the outbox relay publishes their changes.
 */
public class OutboxDaoFactory {

	private final MongoOperations mongo;

	private final EventRecordFactory records;

	private final JsonMapper jsonMapper;

	private final Runnable wakeUp;

	private final List<MongoOutboxDao<?, ?>> daos = new CopyOnWriteArrayList<>();

	/**
	 * @param mongo stores the resources
	 * @param records decides correlation ids and writes payloads, as the publisher does
	 * @param jsonMapper converts resources to and from documents and payloads
	 * @param wakeUp wakes the local relay once a write is committed (a no-op where none runs)
	 */
	public OutboxDaoFactory(MongoOperations mongo, EventRecordFactory records, JsonMapper jsonMapper,
			Runnable wakeUp) {
		this.mongo = mongo;
		this.records = records;
		this.jsonMapper = jsonMapper;
		this.wakeUp = wakeUp;
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
	 * @return the DAO
	 */
	public <T, ID> OutboxDao<T, ID> create(String collection, Class<T> type, String idField, String topic,
			Function<T, Object> payload) {
		Assert.hasText(collection, "collection must not be blank");
		Assert.notNull(type, "type must not be null");
		Assert.hasText(idField, "idField must not be blank");
		Assert.hasText(topic, "topic must not be blank");
		MongoOutboxDao<T, ID> dao = new MongoOutboxDao<>(this.mongo, collection, type, idField, topic, payload,
				this.records, this.jsonMapper, this.wakeUp);
		this.daos.add(dao);
		return dao;
	}

	/**
	 * @return the relay's side of every DAO created here
	 */
	List<StatefulChanges> changes() {
		return this.daos.stream().map(MongoOutboxDao::changes).toList();
	}

}
