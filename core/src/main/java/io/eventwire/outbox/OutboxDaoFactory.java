package io.eventwire.outbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.eventwire.EventPublisher;
import io.eventwire.publish.EventRecordFactory;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.util.Assert;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates {@link OutboxDao}s, and remembers them so that the relay can publish their pending
 * changes.
 */
public class OutboxDaoFactory {

	private final MongoOperations mongo;

	private final EventPublisher publisher;

	private final EventRecordFactory records;

	private final JsonMapper jsonMapper;

	private final List<OutboxDao<?, ?>> daos = new CopyOnWriteArrayList<>();

	/**
	 * @param mongo stores the resources
	 * @param publisher publishes the changes
	 * @param records decides correlation ids, as the publisher does
	 * @param jsonMapper converts resources to and from documents and payloads
	 */
	public OutboxDaoFactory(MongoOperations mongo, EventPublisher publisher, EventRecordFactory records,
			JsonMapper jsonMapper) {
		this.mongo = mongo;
		this.publisher = publisher;
		this.records = records;
		this.jsonMapper = jsonMapper;
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
		OutboxDao<T, ID> dao = new MongoOutboxDao<>(this.mongo, collection, type, idField, topic, payload,
				this.publisher, this.records, this.jsonMapper);
		this.daos.add(dao);
		return dao;
	}

	/**
	 * Publish the pending changes of every DAO created here.
	 * @return how many events were published
	 */
	public int publishPending() {
		int published = 0;
		for (OutboxDao<?, ?> dao : this.daos) {
			published += dao.publishPending();
		}
		return published;
	}

}
