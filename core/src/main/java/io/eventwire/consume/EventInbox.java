package io.eventwire.consume;

import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Remembers which events a consumer group handled, so that an event delivered again (after a
 * crash, a rebalance or a relay that re-sent a batch) is skipped instead of handled twice.
 */
public interface EventInbox {

	/**
	 * @param groupId the consumer group
	 * @param eventId the event id
	 * @return whether the group already handled the event
	 */
	boolean handled(String groupId, String eventId);

	/**
	 * Record that the group handled the event.
	 * @param groupId the consumer group
	 * @param eventId the event id
	 * @return {@code false} when the event had been recorded already (handled twice at once)
	 */
	boolean record(String groupId, String eventId);

	/**
	 * The transaction in which the event is recorded and then handled, so that the record and the
	 * handler's own writes commit together (or not at all). Without one, the handler runs first and
	 * the event is recorded after it succeeded.
	 * @return the transaction to use, or {@code null} for none
	 */
	default @Nullable TransactionOperations transactions() {
		return null;
	}

}
