package io.eventwire.dlq;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How many dead letters the service has pending, and of what, as hexkit's DLQ service sums them
 * up: per original topic, per event type and per exception class, each with its oldest and
 * newest.
 *
 * @param count how many dead letters are pending
 * @param byOriginalTopic per topic the events came from, most first
 * @param byType per event type, most first
 * @param byExceptionClass per exception class of the first failure, most first
 */
public record DeadLetterSummary(long count, List<Group> byOriginalTopic, List<Group> byType,
		List<Group> byExceptionClass) {

	/**
	 * The dead letters that share a topic, a type or an exception class.
	 *
	 * @param name the topic, type or class
	 * @param count how many
	 * @param oldest when the oldest of them failed, if recorded
	 * @param newest when the newest of them failed, if recorded
	 */
	public record Group(String name, long count, @Nullable Instant oldest, @Nullable Instant newest) {
	}

}
