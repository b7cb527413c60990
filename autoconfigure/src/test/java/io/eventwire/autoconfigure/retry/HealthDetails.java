package io.eventwire.autoconfigure.retry;

import java.util.Map;

import org.springframework.boot.health.contributor.Health;

/**
 * Reads the {@code eventwire} health contributor's details.
 */
final class HealthDetails {

	private HealthDetails() {
	}

	/**
	 * @return the details of one consumer group
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> consumerGroup(Health health, String groupId) {
		Map<String, Object> groups = (Map<String, Object>) health.getDetails().get("consumerGroups");
		return (Map<String, Object>) groups.get(groupId);
	}

}
