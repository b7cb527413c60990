package io.eventwire.autoconfigure.consume;

import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.eventwire.autoconfigure.CompactedTopics;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Creates the parking topic of a consumer group that is discovered at startup (a translator's own
 * group), as the service group's is declared: one partition, compacted.
 */
final class ParkingTopics {

	private static final Logger logger = LoggerFactory.getLogger(ParkingTopics.class);

	private ParkingTopics() {
	}

	static void create(KafkaAdmin admin, String topic) {
		try {
			admin.createOrModifyTopics(CompactedTopics.topic(topic));
		}
		catch (KafkaException | org.springframework.kafka.KafkaException ex) {
			// The group's events wait until the topic can be read; operators may create it themselves.
			logger.warn("Could not create the parking topic {} (one partition, cleanup.policy=compact): {}", topic,
					ex.toString());
		}
	}

}
