package io.eventwire.dlq;

import java.util.List;

/**
 * What an operator does with the dead letters of this service: look at them, replay them through
 * the service's retry topic, or discard them.
 * <p>
 * Dead letters are kept in the order they arrived, per partition of the dead-letter topic: a dead
 * letter can be replayed or discarded once those before it in its partition are, so that nothing
 * is skipped unseen. Reading the dead-letter topic uses the service's own consumer group,
 * {@code dlq-<service>}, and never disturbs other services reading it.
 */
public interface DeadLetters {

	/**
	 * @return the dead letters of this service not yet replayed or discarded, oldest first
	 */
	List<DeadLetter> list();

	/**
	 * Publish a dead letter to the service's retry topic, with a new event id, so that it is handled
	 * again as if it came from its original topic; then move past it.
	 * @param eventId the dead letter's event id (see {@link DeadLetter#eventId()})
	 * @return the dead letter that was replayed
	 * @throws java.util.NoSuchElementException if this service has no such pending dead letter
	 * @throws IllegalStateException if an earlier dead letter in its partition is still pending
	 */
	DeadLetter replay(String eventId);

	/**
	 * Replay every pending dead letter of this service, in order.
	 * @return the dead letters that were replayed
	 */
	List<DeadLetter> replayAll();

	/**
	 * Move past a dead letter without replaying it.
	 * @param eventId the dead letter's event id
	 * @return the dead letter that was discarded
	 * @throws java.util.NoSuchElementException if this service has no such pending dead letter
	 * @throws IllegalStateException if an earlier dead letter in its partition is still pending
	 */
	DeadLetter discard(String eventId);

}
