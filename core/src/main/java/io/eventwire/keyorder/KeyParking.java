package io.eventwire.keyorder;

import java.time.Clock;

import io.eventwire.EventHeaders;
import io.eventwire.NonRetryableEventException;
import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.LogSafe;
import io.eventwire.internal.RecordDescriptions;
import io.eventwire.internal.Texts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parks keys and events in the parking topic: a key when one of its events is dead-lettered, an
 * event when its key is parked.
 */
final class KeyParking {

	/** The longest failure reason kept in a parked key's state, in characters: as a dead letter's {@code exc_msg}. */
	static final int MAX_REASON_LENGTH = 2_000;

	private static final Logger logger = LoggerFactory.getLogger(KeyParking.class);

	private final ParkingLog log;

	private final KeyRelease release;

	private final Clock clock;

	KeyParking(ParkingLog log, KeyRelease release, Clock clock) {
		this.log = log;
		this.release = release;
		this.clock = clock;
	}

	/**
	 * Park a key behind its dead letter; a released event that failed again is no longer parked.
	 */
	void deadLettered(ConsumerRecord<String, byte[]> record, TopicKey key, String deadLetterId, Throwable failure,
			@Nullable ParkedId released) {
		KeyState before = this.log.keys().state(key);
		String eventId = HeaderValues.get(record, EventHeaders.EVENT_ID);
		KeyState state = new KeyState(key, KeyState.Mode.PARKED, deadLetterId, (eventId != null) ? eventId : "",
				Texts.truncate(failure.getClass().getSimpleName() + ": " + failure.getMessage(), MAX_REASON_LENGTH),
				(before != null) ? before.since() : this.clock.instant(), null);
		this.log.write(ParkingRecords.state(this.log.topic(), state));
		if (released != null) {
			this.log.write(ParkingRecords.eventRemoved(this.log.topic(), key, released));
		}
		logger.warn("Key '{}' of {} is parked behind dead letter {}: its later events wait until that is replayed "
				+ "and handled, or discarded", LogSafe.escape(key.key()), LogSafe.escape(key.topic()), LogSafe.escape(deadLetterId));
	}

	/**
	 * Park an event of a parked key.
	 */
	void park(ConsumerRecord<String, byte[]> record, TopicKey key) {
		try {
			this.log.write(ParkingRecords.event(this.log.topic(), key, record, this.clock.instant()));
		}
		catch (NonRetryableEventException tooLarge) {
			// It keeps its place: released, it is read from where it was consumed.
			this.log.write(ParkingRecords.reference(this.log.topic(), key, record, this.clock.instant()));
			logger.warn("{} is too large to be copied to {}: parked by reference, it is read from {} when its key is "
					+ "released", RecordDescriptions.describe(record), this.log.topic(), record.topic());
		}
		KeyState state = this.log.keys().state(key);
		if (logger.isDebugEnabled()) {
			logger.debug("Parked {}: an earlier event of key '{}' is dead letter {}", RecordDescriptions.describe(record),
					LogSafe.escape(key.key()), (state != null) ? LogSafe.escape(state.deadLetterId()) : "(released)");
		}
		if (state == null) {
			// The key's release ended while this was parked: it is released next.
			this.release.requestRelease(key, "");
		}
	}

}
