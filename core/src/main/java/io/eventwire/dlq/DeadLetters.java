package io.eventwire.dlq;

import java.util.List;

/**
 * What an operator does with the dead letters of this service: look at them, replay them through
 * the service's retry topic, or discard them.
 * <p>
 * Dead letters are kept per event key: a dead letter can be replayed or discarded once the earlier
 * dead letters of its own key are, so that a key's events stay in order, while a stuck dead letter
 * holds up no other key. The service's dead letters are indexed from the shared dead-letter topic
 * (read from the service's own consumer group {@code dlq-<service>}, which never disturbs other
 * services reading it); only this service's are kept, without their payloads, so memory does not
 * grow with what other services dead-letter.
 * <p>
 * With key order ({@code eventwire.dlq.key-order}, on by default), the later events of a dead
 * letter's key are parked rather than handled; they are listed too, with
 * {@link DeadLetter#parkedBehind()} set. They need no action of their own: once their dead letter
 * is replayed and handled, or discarded, they are handled in their order.
 */
public interface DeadLetters {

	/**
	 * @return the dead letters of this service not yet replayed or discarded, oldest first, then
	 * the events parked behind them. Every one with its payload: for many, use {@link #page}
	 */
	List<DeadLetter> list();

	/**
	 * @param query which dead letters, and which page of them
	 * @return that page of the pending dead letters, oldest first, with their payloads
	 */
	DeadLetterPage page(DeadLetterQuery query);

	/**
	 * @param eventId a pending dead letter's event id
	 * @return the dead letter with its payload and every header of its record (the stack trace among
	 * them)
	 * @throws DeadLetterNotFoundException if this service has no such pending dead letter
	 * @throws DeadLetterConflictException if the event is parked behind a dead letter rather than one
	 */
	default DeadLetterDetails details(String eventId) {
		throw new UnsupportedOperationException("Dead letter details are not available here");
	}

	/**
	 * @return how many dead letters are pending, per original topic, type and exception class
	 */
	DeadLetterSummary summary();

	/**
	 * Publish a dead letter to the service's retry topic, so that it is handled again as if it came
	 * from its original topic, with a new event id derived from the dead letter's (a second replay
	 * would carry the same one); then it is no longer pending. With
	 * {@link ReplayOptions#dryRun()}, only say what would be published.
	 * @param eventId the dead letter's event id (see {@link DeadLetter#eventId()})
	 * @param options a dry run, or a corrected payload
	 * @return what was (or would be) published
	 * @throws DeadLetterNotFoundException if this service has no such pending dead letter (it may
	 * have been replayed or discarded already: the message says so)
	 * @throws DeadLetterConflictException if an earlier dead letter of its key is still pending, or
	 * the event is parked behind a dead letter rather than one itself
	 * @throws IllegalArgumentException if the corrected payload is not JSON
	 */
	Replay replay(String eventId, ReplayOptions options);

	/**
	 * Publish a dead letter to the service's retry topic, with a new event id, so that it is handled
	 * again as if it came from its original topic; then move past it.
	 * @param eventId the dead letter's event id (see {@link DeadLetter#eventId()})
	 * @return the dead letter that was replayed
	 * @throws DeadLetterNotFoundException if this service has no such pending dead letter
	 * @throws DeadLetterConflictException if an earlier dead letter of its key is still pending, or
	 * the event is parked behind a dead letter rather than one itself
	 */
	default DeadLetter replay(String eventId) {
		return replay(eventId, ReplayOptions.asIs()).deadLetter();
	}

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
	 * @throws DeadLetterConflictException if an earlier dead letter of its key is still pending, or
	 * the event is parked behind a dead letter rather than one itself
	 */
	DeadLetter discard(String eventId);

}
