package io.eventwire.consume;

import java.time.Instant;

/**
 * Rewinds consumer groups on every instance of the service.
 */
@FunctionalInterface
public interface Rewinds {

	/**
	 * @param groupId the consumer group
	 * @param from the time to go back to; {@code Instant.EPOCH} for the beginning
	 */
	void rewind(String groupId, Instant from);

}
