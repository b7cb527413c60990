package io.eventwire.outbox;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What an operator does with the event outbox: see its backlog, and retry or discard the events
 * the relay gave up on (after {@code eventwire.outbox.relay.max-attempts} sends that can never
 * succeed, such as a record larger than the topic accepts). A retried event is pending again,
 * with its attempts reset, and is published in its place in its key's order; a discarded one is
 * deleted from the outbox and never published.
 */
public interface OutboxOperations {

	/**
	 * @return the outbox's backlog, counted now
	 */
	Backlog backlog();

	/**
	 * @param limit how many to list at most
	 * @return the events the relay gave up on, oldest first
	 */
	List<FailedEvent> failed(int limit);

	/**
	 * Make a failed event pending again, with its attempts reset.
	 * @param id the event's outbox id ({@link FailedEvent#id()})
	 * @return the event, as it was before
	 * @throws OutboxEventNotFoundException if no failed event has that id (it may have been retried
	 * or discarded already)
	 */
	FailedEvent retry(String id);

	/**
	 * Delete a failed event from the outbox: it is never published.
	 * @param id the event's outbox id ({@link FailedEvent#id()})
	 * @return the event that was deleted
	 * @throws OutboxEventNotFoundException if no failed event has that id
	 */
	FailedEvent discard(String id);

	/**
	 * The outbox's backlog.
	 *
	 * @param pending events waiting to be published (not counting failed ones)
	 * @param failed events the relay gave up on
	 * @param oldestPending when the oldest waiting event was stored, or {@code null} when none waits
	 */
	record Backlog(long pending, long failed, @Nullable Instant oldestPending) {
	}

	/**
	 * An event the relay gave up on.
	 *
	 * @param id its id in the outbox: the event id, or {@code "<topic>:<key>"} on a compacted topic
	 * @param eventId the event id
	 * @param topic the topic
	 * @param type the event type
	 * @param key the key
	 * @param attempts how many sends failed
	 * @param reason why the last one failed
	 * @param created when the event was stored
	 */
	record FailedEvent(String id, String eventId, String topic, String type, @Nullable String key, int attempts,
			String reason, @Nullable Instant created) {
	}

}
