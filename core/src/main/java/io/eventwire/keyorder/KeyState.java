package io.eventwire.keyorder;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Why a key is parked.
 *
 * @param key the parked key
 * @param mode whether it waits for an operator or is being released
 * @param deadLetterId the event id of the dead letter the key waits behind
 * @param failedEventId the event id of the event that failed
 * @param reason why that event failed
 * @param since when the key was parked
 * @param releasedUpTo while releasing: the last parked event sent on to the retry topic
 */
public record KeyState(TopicKey key, Mode mode, String deadLetterId, String failedEventId, String reason,
		Instant since, @Nullable ParkedId releasedUpTo) {

	/**
	 * Whether a parked key waits for an operator or is being released.
	 */
	public enum Mode {

		/** The key waits until its dead letter is replayed and handled, or discarded. */
		PARKED,

		/** The key's parked events are on their way through the retry topic, in order. */
		RELEASING

	}

	KeyState releasing(ParkedId upTo) {
		return new KeyState(this.key, Mode.RELEASING, this.deadLetterId, this.failedEventId, this.reason, this.since,
				upTo);
	}

}
