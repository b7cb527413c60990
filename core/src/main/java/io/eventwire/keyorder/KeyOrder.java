package io.eventwire.keyorder;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;

import io.eventwire.EventHeaders;
import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.LogSafe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Keeps the order of each key's events when one of them is dead-lettered, for the service's
 * consumer group: the later events of the key are parked, and once the dead letter is replayed
 * and handled (or discarded) they go through the retry topic after it, in their original order.
 * <p>
 * Two parties act on a key, each on its own consumer thread and only through the parking topic:
 * the consumer of the key's partition parks events; the consumer of the key's partition of the
 * retry topic, where replays and released events of the key arrive in order, releases it. What
 * a release decides is read back from the parking topic, so a race between the two ends with
 * parked events that are released next rather than lost.
 */
public class KeyOrder {

	private static final Logger logger = LoggerFactory.getLogger(KeyOrder.class);

	/** On a released event in the retry topic: where it was parked ({@code partition@offset}). */
	public static final String PARKED_HEADER = "eventwire_parked";

	/** On a release request in the retry topic: the dead letter whose key to release, or empty. */
	public static final String RELEASE_HEADER = "eventwire_release";

	private final ParkingLog log;

	private final String retryTopic;

	private final KeyParking parking;

	private final KeyRelease release;

	/**
	 * @param log the parking topic
	 * @param kafka sends released events and release requests to the retry topic
	 * @param retryTopic the service's retry topic
	 * @param clock stamps parked keys and events
	 * @param timeout how long a send may take
	 */
	public KeyOrder(ParkingLog log, KafkaOperations<String, byte[]> kafka, String retryTopic, Clock clock,
			Duration timeout) {
		this(log, kafka, retryTopic, clock, timeout, null);
	}

	/**
	 * @param log the parking topic
	 * @param kafka sends released events and release requests to the retry topic
	 * @param retryTopic the service's retry topic
	 * @param clock stamps parked keys and events
	 * @param timeout how long a send may take
	 * @param groupId the consumer group whose keys these are: released events and release requests
	 * name it, so that only its consumers take them ({@code null}: the service's group)
	 */
	public KeyOrder(ParkingLog log, KafkaOperations<String, byte[]> kafka, String retryTopic, Clock clock,
			Duration timeout, @Nullable String groupId) {
		this.log = log;
		this.retryTopic = retryTopic;
		this.release = new KeyRelease(log, kafka, retryTopic, timeout, groupId);
		this.parking = new KeyParking(log, this.release, clock);
	}

	ParkingLog log() {
		return this.log;
	}

	/**
	 * @return the parked keys
	 */
	public ParkedKeys keys() {
		return this.log.keys();
	}

	/**
	 * @param record a record of the retry topic
	 * @return whether it asks for a key to be released rather than carrying an event
	 */
	public static boolean isReleaseRequest(ConsumerRecord<?, ?> record) {
		return record.headers().lastHeader(RELEASE_HEADER) != null;
	}

	/**
	 * The consumer was given partitions: nothing there is handled before the parking topic is
	 * read up to its current end, which includes all the previous owner parked.
	 * @param partitions the assigned partitions
	 */
	public void assigned(Collection<TopicPartition> partitions) {
		if (!partitions.isEmpty()) {
			this.log.assigned();
		}
	}

	/**
	 * Decide whether to handle an event the group has a handler for; park it when its key waits.
	 * @param record the record
	 * @param topic the topic it belongs to (the original topic for the retry topic's records)
	 * @return whether to handle it now
	 */
	public boolean shouldHandle(ConsumerRecord<String, byte[]> record, String topic) {
		this.log.awaitCaughtUp();
		ParkedKeys keys = this.log.keys();
		boolean fromRetryTopic = record.topic().equals(this.retryTopic);
		if (record.key() == null || (!fromRetryTopic && keys.isEmpty())) {
			return true;
		}
		TopicKey key = new TopicKey(topic, record.key());
		ParkedId released = fromRetryTopic ? releasedId(record) : null;
		if (released != null) {
			KeyState state = keys.state(key);
			// Not parked any more: handled before (a second copy). Parked again: an earlier event of
			// its key failed while it was on its way, and it waits behind that one.
			return keys.contains(key, released) && state != null && state.mode() == KeyState.Mode.RELEASING;
		}
		if (fromRetryTopic || !keys.isParked(key)) {
			// On the retry topic: a replay, or a requeue by other tooling, handled; it may release the key.
			return true;
		}
		KeyState state = keys.state(key);
		String eventId = HeaderValues.get(record, EventHeaders.EVENT_ID);
		if (state != null && eventId != null && eventId.equals(state.failedEventId())) {
			// The dead letter itself, delivered again (its offset was not committed): it is in the
			// dead-letter topic already.
			return false;
		}
		this.parking.park(record, key);
		return false;
	}

	/**
	 * An event was handled: a replay of the dead letter a key waits behind releases the key, and
	 * the last released event of a key releases what was parked meanwhile, or ends the parking.
	 * @param record the record
	 * @param topic the topic it belongs to
	 */
	public void handled(ConsumerRecord<String, byte[]> record, String topic) {
		if (record.key() == null || !record.topic().equals(this.retryTopic) || this.log.keys().isEmpty()) {
			return;
		}
		TopicKey key = new TopicKey(topic, record.key());
		ParkedId released = releasedId(record);
		if (released != null) {
			if (this.log.keys().contains(key, released)) {
				this.log.write(ParkingRecords.eventRemoved(this.log.topic(), key, released));
			}
			this.release.settle(key);
			return;
		}
		KeyState state = this.log.keys().state(key);
		if (state != null && state.mode() == KeyState.Mode.PARKED && isReplayOf(record, state)) {
			logger.info("Dead letter {} of key '{}' on {} was handled again: releasing the key",
					LogSafe.escape(state.deadLetterId()),
					LogSafe.escape(key.key()), LogSafe.escape(key.topic()));
			this.release.release(key);
		}
		else {
			this.release.settle(key);
		}
	}

	/**
	 * A request on the retry topic to release a key: its dead letter was discarded, or events were
	 * parked after its release ended.
	 * @param record the request
	 */
	public void releaseRequested(ConsumerRecord<String, byte[]> record) {
		String topic = HeaderValues.get(record, EventHeaders.ORIGINAL_TOPIC);
		if (record.key() == null || topic == null) {
			return;
		}
		this.log.awaitCaughtUp();
		TopicKey key = new TopicKey(topic, record.key());
		KeyState state = this.log.keys().state(key);
		String deadLetterId = HeaderValues.get(record, RELEASE_HEADER);
		if (state != null && state.mode() == KeyState.Mode.PARKED && state.deadLetterId().equals(deadLetterId)) {
			logger.info("Dead letter {} of key '{}' on {} was discarded: releasing the key", LogSafe.escape(deadLetterId),
					LogSafe.escape(key.key()), LogSafe.escape(key.topic()));
			this.release.release(key);
		}
		else {
			this.release.settle(key);
		}
	}

	/**
	 * An event was dead-lettered: the later events of its key wait behind it.
	 * @param record the record
	 * @param topic the topic it belongs to
	 * @param deadLetterId the dead letter's event id
	 * @param failure why it failed
	 */
	public void deadLettered(ConsumerRecord<String, byte[]> record, String topic, String deadLetterId,
			Throwable failure) {
		if (record.key() == null) {
			return;
		}
		this.parking.deadLettered(record, new TopicKey(topic, record.key()), deadLetterId, failure,
				record.topic().equals(this.retryTopic) ? releasedId(record) : null);
	}

	/**
	 * A dead letter was discarded: ask the consumer of the key's retry partition to release it. The
	 * request is sent whatever this instance has read of the parking topic (it may have just
	 * started): the consumer that receives it decides, once it has read the topic, and a request
	 * for a key that does not wait behind this dead letter changes nothing.
	 * @param topic the dead letter's original topic
	 * @param key its key
	 * @param deadLetterId its event id
	 */
	public void discarded(String topic, @Nullable String key, String deadLetterId) {
		if (key != null) {
			this.release.requestRelease(new TopicKey(topic, key), deadLetterId);
		}
	}

	// A record that names the event it replays must name the one the key waits behind; one that
	// names none (a requeue by other tooling) is taken for it.
	private static boolean isReplayOf(ConsumerRecord<String, byte[]> record, KeyState state) {
		String original = HeaderValues.get(record, EventHeaders.ORIGINAL_EVENT_ID);
		return original == null || original.isEmpty() || state.failedEventId().isEmpty()
				|| original.equals(state.failedEventId());
	}

	private static @Nullable ParkedId releasedId(ConsumerRecord<String, byte[]> record) {
		String value = HeaderValues.get(record, PARKED_HEADER);
		try {
			return (value != null) ? ParkingRecords.parseId(value) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
