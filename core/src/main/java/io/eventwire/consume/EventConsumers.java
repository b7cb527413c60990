package io.eventwire.consume;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * eventwire's consumers, one per consumer group of the application's translators: list them, and
 * pause and resume a group (to keep it from handling while a dependency is being repaired, say).
 * A paused group keeps its partitions and its committed offsets; it handles nothing until resumed,
 * and then continues where it stopped. With Spring Boot's auto-configuration a pause holds on every
 * instance of the service and across restarts (it is kept in the service's pauses topic); an
 * {@code EventConsumers} built by hand pauses this instance only.
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
	 * Pause a consumer group: it finishes the records it has and then fetches no more. Returns once
	 * this instance has paused it (the others follow as they read the pause).
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
	 * Rewind a consumer group on every instance of the service: every partition of its topics goes
	 * back to the first event at or after {@code from}, and the group handles its events again from
	 * there (rewound events have {@code EventMetadata.isReplay()}), then goes on to new ones. The
	 * group's consumers stop on every instance until its {@code @OnRewind} methods ran here and its
	 * offsets moved; returns then.
	 * @param groupId the consumer group
	 * @param from the time to go back to; {@code Instant.EPOCH} for the beginning
	 * @return the group
	 * @throws java.util.NoSuchElementException if no translator consumes in that group
	 * @throws IllegalStateException if the group is being rewound already
	 * @throws RuntimeException if the rewind was aborted ({@code RewindFailedException}; nothing moved)
	 */
	default ConsumerGroup rewind(String groupId, java.time.Instant from) {
		throw new UnsupportedOperationException("Rewinding consumer groups is not available here");
	}

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
	 * @param rewind its latest rewind, or {@code null} when it was never rewound
	 */
	record ConsumerGroup(String groupId, List<String> topics, boolean running, boolean pauseRequested,
			boolean paused, int parallelism, int inFlight, int queued, @Nullable Rewind rewind) {

	}

	/**
	 * The latest rewind of a consumer group.
	 *
	 * @param number its number, counting from 1 per group
	 * @param phase {@code STOPPING} (the group's instances stop), {@code ABORTED} (nothing moved),
	 * {@code REWOUND} (handling its events again) or {@code CAUGHT_UP} (back at the events it had
	 * reached, handling new ones)
	 * @param from the time it went back to
	 * @param requestedAt when it was asked for
	 * @param requestedBy the instance that asked for it
	 * @param remaining how many events remain to be handled again before it caught up; -1 when not known
	 * @param caughtUpAt when it caught up, or {@code null}
	 * @param reason why it was aborted, or {@code null}
	 */
	record Rewind(long number, String phase, java.time.Instant from, java.time.Instant requestedAt, String requestedBy,
			long remaining, java.time.@Nullable Instant caughtUpAt, @Nullable String reason) {

	}

}
