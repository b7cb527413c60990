package io.eventwire.consume;

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
	 */
	void record(String groupId, String eventId);

}
