package io.eventwire.pause;

import java.time.Instant;

/**
 * Whether a consumer group is paused on every instance, as the pauses topic keeps it.
 *
 * @param groupId the consumer group
 * @param paused whether it is paused
 * @param requestedBy the instance that paused or resumed it
 * @param requestedAt when
 */
public record GroupPause(String groupId, boolean paused, String requestedBy, Instant requestedAt) {
}
