package io.eventwire.consume;

import java.util.List;

/**
 * eventwire's consumers, one per consumer group of the application's translators: list them, and
 * pause and resume a group (to keep it from handling while a dependency is being repaired, say).
 * A paused group keeps its partitions and its committed offsets; it handles nothing until resumed,
 * and then continues where it stopped. Pausing is not kept across restarts.
 * <p>
 * Only eventwire's containers are controlled here; the application's {@code @KafkaListener}
 * containers stay with Spring Kafka's {@code KafkaListenerEndpointRegistry}.
 */
public interface EventConsumers {

	/**
	 * @return every consumer group of the application's translators
	 */
	List<ConsumerGroup> groups();

	/**
	 * Pause a consumer group: it finishes the records it has and then fetches no more.
	 * @param groupId the consumer group
	 * @return the group, with the pause requested
	 * @throws java.util.NoSuchElementException if no translator consumes in that group
	 */
	ConsumerGroup pause(String groupId);

	/**
	 * Resume a paused consumer group.
	 * @param groupId the consumer group
	 * @return the group, with the pause lifted
	 * @throws java.util.NoSuchElementException if no translator consumes in that group
	 */
	ConsumerGroup resume(String groupId);

	/**
	 * One consumer group of eventwire.
	 *
	 * @param groupId the consumer group
	 * @param topics the topics it consumes (with the service's retry topic for the service's group)
	 * @param running whether its container runs
	 * @param pauseRequested whether it was asked to pause (and not resumed since)
	 * @param paused whether its consumers have paused: a pause takes effect at the next poll
	 * @param parallelism how many events each of its consumer threads has in flight at once (never
	 * two of one key); 1 when a partition's events are handled one after another
	 * @param inFlight events being handled now, or waiting for their next attempt
	 * @param queued events taken from Kafka and waiting for their key or a handler thread
	 */
	record ConsumerGroup(String groupId, List<String> topics, boolean running, boolean pauseRequested,
			boolean paused, int parallelism, int inFlight, int queued) {

	}

}
