package io.eventwire.rewind;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The latest rewind of one consumer group, as the service's rewinds topic keeps it (keyed by the
 * group, compacted): every instance reads it at startup and follows it.
 *
 * @param groupId the consumer group
 * @param rewind the rewind's number, counting from 1 per group; 0 for a new group's first read of its
 * topics ({@link FirstReads})
 * @param phase how far it got
 * @param from the time the group goes back to ({@code Instant.EPOCH}: the beginning)
 * @param requestedAt when it was asked for
 * @param requestedBy the instance that asked for it
 * @param boundaries per partition ({@code topic/partition}), the offset the group had reached when
 * it stopped: events below it that are handled again are rewound events
 * @param reason why it was aborted, or {@code null}
 * @param caughtUpAt when the group was back at the offsets it had reached, or {@code null}
 */
public record RewindState(String groupId, long rewind, Phase phase, Instant from, Instant requestedAt,
		String requestedBy, Map<String, Long> boundaries, @Nullable String reason, @Nullable Instant caughtUpAt) {

	public RewindState {
		boundaries = Map.copyOf(boundaries);
	}

	/**
	 * @param topic a topic
	 * @param partition a partition of it
	 * @param offset an offset
	 * @return whether the event there is handled again because of this rewind
	 */
	public boolean rewinds(String topic, int partition, long offset) {
		// Rewind 0 is a new group's first read: first handlings.
		if (this.rewind == 0 || (this.phase != Phase.REWOUND && this.phase != Phase.CAUGHT_UP)) {
			return false;
		}
		Long boundary = this.boundaries.get(partitionKey(topic, partition));
		return boundary != null && offset < boundary;
	}

	/**
	 * @param now the time now
	 * @param after how long a rewind may take to stop the group and move its offsets
	 * @return whether it is still stopping after that: the instance that asked for it died
	 */
	public boolean isStale(Instant now, java.time.Duration after) {
		return this.phase == Phase.STOPPING && now.isAfter(this.requestedAt.plus(after));
	}

	RewindState next(Phase phase, Map<String, Long> boundaries, @Nullable String reason) {
		return new RewindState(this.groupId, this.rewind, phase, this.from, this.requestedAt, this.requestedBy,
				boundaries, reason, null);
	}

	RewindState caughtUp(Instant at) {
		return new RewindState(this.groupId, this.rewind, Phase.CAUGHT_UP, this.from, this.requestedAt,
				this.requestedBy, this.boundaries, null, at);
	}

	static String partitionKey(String topic, int partition) {
		return topic + "/" + partition;
	}

	/**
	 * How far a rewind got.
	 */
	public enum Phase {

		/** The group's instances stop handling its events; the group must become empty. */
		STOPPING,

		/** Nothing moved; the group continues where it was. */
		ABORTED,

		/** The offsets went back; the group handles its events again from there. */
		REWOUND,

		/** The group is back at the offsets it had reached, and handles new events. */
		CAUGHT_UP

	}

}
