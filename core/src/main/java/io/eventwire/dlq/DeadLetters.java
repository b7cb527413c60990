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
 * <p>
 * With key order ({@code eventwire.dlq.key-order}, on by default), the later events of a dead
 * letter's key are parked rather than handled; they are listed too, with
 * {@link DeadLetter#parkedBehind()} set. They need no action of their own: once their dead letter
 * is replayed and handled, or discarded, they are handled in their order.
 */
public interface DeadLetters {

	/**
	 * @return the dead letters of this service not yet replayed or discarded, oldest first, then
	 * the events parked behind them
	 */
	List<DeadLetter> list();

	/**
	 * Publish a dead letter to the service's retry topic, with a new event id, so that it is handled
	 * again as if it came from its original topic; then move past it.
	 * @param eventId the dead letter's event id (see {@link DeadLetter#eventId()})
	 * @return the dead letter that was replayed
	 * @throws DeadLetterNotFoundException if this service has no such pending dead letter
	 * @throws DeadLetterConflictException if an earlier dead letter in its partition is still
	 * pending, or the event is parked behind a dead letter rather than one itself
	 */
	DeadLetter replay(String eventId);

	/**
	 * Replay every pending dead letter of this service, in order (the parked events follow their
	 * dead letters by themselves).
	 * @return the dead letters that were replayed
	 */
	List<DeadLetter> replayAll();

	/**
	 * Move past a dead letter without replaying it.
	 * @param eventId the dead letter's event id
	 * @return the dead letter that was discarded
	 * @throws DeadLetterNotFoundException if this service has no such pending dead letter
	 * @throws DeadLetterConflictException if an earlier dead letter in its partition is still
	 * pending, or the event is parked behind a dead letter rather than one itself
	 */
	DeadLetter discard(String eventId);

}
