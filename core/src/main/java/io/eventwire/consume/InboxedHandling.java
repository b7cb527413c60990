package io.eventwire.consume;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.eventwire.EventHeaders;
import io.eventwire.dispatch.DispatchChain;
import io.eventwire.dispatch.DispatchStep;
import io.eventwire.dispatch.Delivery;
import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.Uuids;
import io.eventwire.internal.LogSafe;
import io.eventwire.internal.RecordDescriptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Handles each event once per consumer group, with the {@link EventInbox}: inside the inbox's
 * transaction the event is claimed, handled and committed together; without one it is handled and
 * then recorded, and when only the record failed, only the record is tried again.
 */
final class InboxedHandling implements DispatchStep {

	private static final Logger logger = LoggerFactory.getLogger(InboxedHandling.class);

	private final EventInbox inbox;

	private final String groupId;

	// Events whose handler succeeded but whose inbox record failed: one at most per partition whose
	// events are handled in turn, one per key when keys are handled side by side.
	private final Set<Recording> handledNotRecorded = ConcurrentHashMap.newKeySet();

	InboxedHandling(EventInbox inbox, String groupId) {
		this.inbox = inbox;
		this.groupId = groupId;
	}

	/**
	 * The inbox's dispatch step: an event with an event id is handled once per group; one without a
	 * usable id, every delivery.
	 */
	@Override
	public boolean apply(Delivery delivery, DispatchChain next) {
		String eventId = HeaderValues.get(delivery.record().headers(), EventHeaders.EVENT_ID);
		if (!Uuids.isUuid(eventId)) {
			return next.proceed(delivery);
		}
		// A rewound event was recorded when first handled: it is handled once more, once per rewind.
		String groupKey = delivery.isReplay() ? this.groupId + "#rewind-" + delivery.rewind() : this.groupId;
		return handleOnce(groupKey, delivery.record(), eventId, String.valueOf(delivery.type()),
				() -> next.proceed(delivery));
	}

	/**
	 * Forget what was pending on partitions the group's consumer here no longer holds.
	 * @param partitions the revoked partitions
	 */
	@Override
	public void revoked(Collection<TopicPartition> partitions) {
		this.handledNotRecorded.removeIf((recording) -> partitions.contains(recording.partition()));
	}

	/**
	 * Each event once per group: inside the inbox's transaction, claimed, handled and committed
	 * together; without one, handled and then recorded, where a failed record is retried alone.
	 * @return whether the handler ran and returned (here, or before a record that failed), not a
	 * duplicate that was skipped
	 */
	boolean handleOnce(ConsumerRecord<String, byte[]> record, String eventId, String type,
			Runnable handling) {
		return handleOnce(this.groupId, record, eventId, type, handling);
	}

	/**
	 * @param groupKey what the inbox records the event under: the group, or the group and a rewind
	 */
	boolean handleOnce(String groupKey, ConsumerRecord<String, byte[]> record, String eventId, String type,
			Runnable handling) {
		Recording recording = new Recording(new TopicPartition(record.topic(), record.partition()), groupKey, eventId);
		if (this.handledNotRecorded.contains(recording)) {
			record(recording);
			return true;
		}
		if (this.inbox.handled(groupKey, eventId)) {
			logger.debug("Skipping event {} of type '{}' at {}: consumer group {} handled it before", eventId,
					LogSafe.escape(type), RecordDescriptions.coordinates(record), groupKey);
			return false;
		}
		TransactionOperations transactions = this.inbox.transactions();
		if (transactions != null) {
			return Boolean.TRUE.equals(transactions.execute((status) -> {
				if (this.inbox.record(groupKey, eventId)) {
					handling.run();
					return true;
				}
				// Claimed by another consumer of the group at the same moment (a rebalance): theirs.
				status.setRollbackOnly();
				return false;
			}));
		}
		handling.run();
		this.handledNotRecorded.add(recording);
		record(recording);
		return true;
	}

	private void record(Recording recording) {
		try {
			this.inbox.record(recording.groupKey(), recording.eventId());
		}
		catch (RuntimeException ex) {
			throw new InboxWriteException("The inbox did not record event " + recording.eventId() + " of consumer group "
					+ recording.groupKey() + " after its handler succeeded; the handler is not run again, only the inbox "
					+ "write is retried", ex);
		}
		this.handledNotRecorded.remove(recording);
	}

	private record Recording(TopicPartition partition, String groupKey, String eventId) {
	}

}
