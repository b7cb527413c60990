package io.eventwire.outbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stateful outbox (hexkit's DAO publisher): a MongoDB collection of resources whose changes are
 * published as events. Create one with {@link OutboxDaoFactory}.
 * <p>
 * Each write is one single-document atomic operation storing the full state together with
 * {@code __metadata__} ({@code deleted}, {@code published}, {@code correlation_id},
 * {@code last_event_id}), so it needs no transactions and works on any MongoDB. Inserts, updates and
 * upserts publish an {@code upserted} event with the resource as payload; a delete leaves a
 * tombstone and publishes a {@code deleted} event with the payload {@code {}}. The key is the id.
 * A write returns when MongoDB has it, never waiting for Kafka: the outbox relay publishes the change
 * (sharded, like the event outbox) and marks it published unless the resource changed meanwhile.
 * A resource's events never go back in time; a state replaced before the relay sent it is not sent.
 * Topics carrying these events are meant to be compacted, and consumers must be idempotent.
 *
 * @param <T> the resource type
 * @param <ID> the id type
 */
public interface OutboxDao<T, ID> {

	/** The event type published for an insert, update or upsert. */
	String UPSERTED = "upserted";

	/** The event type published for a delete. */
	String DELETED = "deleted";

	/**
	 * @param resource a resource whose id is not taken (a deleted resource's id may be reused)
	 * @throws ResourceAlreadyExistsException if a resource with this id exists
	 */
	void insert(T resource);

	/**
	 * @param resource an existing resource
	 * @throws ResourceNotFoundException if there is no such resource, or it was deleted
	 */
	void update(T resource);

	/**
	 * @param resource a resource, new or existing
	 */
	void upsert(T resource);

	/**
	 * @param id the id of an existing resource
	 * @throws ResourceNotFoundException if there is no such resource, or it was deleted
	 */
	void delete(ID id);

	/**
	 * @param id an id
	 * @return the resource, unless there is none or it was deleted
	 */
	Optional<T> findById(ID id);

	/**
	 * @param mapping field values the resources must have (top-level fields, as stored)
	 * @return the resources that match, deleted ones excepted
	 */
	List<T> find(Map<String, Object> mapping);

	/**
	 * Wake the local outbox relay, which publishes every change not yet published.
	 * @return how many changes wait to be published
	 */
	int publishPending();

	/**
	 * Have the relay publish the current state of every resource again, tombstones included, each
	 * with its stored correlation id and a new event id. Works in pages, so any collection size is
	 * bounded in memory.
	 * @return how many resources were marked for publishing
	 */
	int republishAll();

}
