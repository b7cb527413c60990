package io.eventwire.dlq;

import java.util.Set;

import io.eventwire.EventHeaders;

/**
 * Names of the headers only eventwire's dead letters carry (hexkit ignores them), and the sets of
 * failure headers. hexkit's own dead-letter headers ({@code original_topic},
 * {@code original_event_id}, {@code service}, {@code exc_class}, {@code exc_msg}) are in
 * {@link EventHeaders}.
 */
public final class DeadLetterHeaders {

	/** The partition the failed record was read from. */
	public static final String ORIGINAL_PARTITION = "original_partition";

	/** The offset of the failed record. */
	public static final String ORIGINAL_OFFSET = "original_offset";

	/** When the event was given up on, ISO-8601 UTC. */
	public static final String FAILED_AT = "failed_at";

	/** How many times handling was attempted. */
	public static final String ATTEMPTS = "attempts";

	/** The stack trace of the first failure, truncated. */
	public static final String EXCEPTION_STACKTRACE = "exc_stacktrace";

	/** The longest exception message written, in characters. */
	public static final int MAX_MESSAGE_LENGTH = 2_000;

	/** The longest stack trace written, in characters. */
	public static final int MAX_STACKTRACE_LENGTH = 8_000;

	/** Headers that describe a failure: dropped when a dead letter is replayed. */
	public static final Set<String> FAILURE_HEADERS = Set.of(EventHeaders.SERVICE, EventHeaders.EXCEPTION_CLASS,
			EventHeaders.EXCEPTION_MESSAGE, ORIGINAL_PARTITION, ORIGINAL_OFFSET, FAILED_AT, ATTEMPTS,
			EXCEPTION_STACKTRACE);

	/** Headers a dead letter sets itself: any earlier value of them is replaced. */
	static final Set<String> SET_BY_DEAD_LETTER = Set.of(EventHeaders.EVENT_ID,
			EventHeaders.ORIGINAL_TOPIC, EventHeaders.ORIGINAL_EVENT_ID, EventHeaders.SERVICE, EventHeaders.CONSUMER_GROUP,
			EventHeaders.EXCEPTION_CLASS, EventHeaders.EXCEPTION_MESSAGE, ORIGINAL_PARTITION, ORIGINAL_OFFSET,
			FAILED_AT, ATTEMPTS, EXCEPTION_STACKTRACE);

	private DeadLetterHeaders() {
	}

}
