package io.eventwire.dlq;

import java.util.Set;

/**
 * Names of the headers a dead letter carries besides the event's own ({@code type},
 * {@code correlation_id} and custom headers, which it keeps). The first six are hexkit's; the
 * rest are eventwire's extras, which hexkit ignores.
 */
public final class DeadLetterHeaders {

	/** The topic the event was consumed from (after restoring it for retry-topic records). */
	public static final String ORIGINAL_TOPIC = io.eventwire.EventHeaders.ORIGINAL_TOPIC;

	/** The event id of the failed event. */
	public static final String ORIGINAL_EVENT_ID = io.eventwire.EventHeaders.ORIGINAL_EVENT_ID;

	/** The name of the service that failed to handle the event. */
	public static final String SERVICE = io.eventwire.EventHeaders.SERVICE;

	/** The simple class name of the first failure. */
	public static final String EXCEPTION_CLASS = io.eventwire.EventHeaders.EXCEPTION_CLASS;

	/** The message of the first failure, truncated. */
	public static final String EXCEPTION_MESSAGE = io.eventwire.EventHeaders.EXCEPTION_MESSAGE;

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
	public static final Set<String> FAILURE_HEADERS = Set.of(SERVICE, EXCEPTION_CLASS, EXCEPTION_MESSAGE,
			ORIGINAL_PARTITION, ORIGINAL_OFFSET, FAILED_AT, ATTEMPTS, EXCEPTION_STACKTRACE);

	/** Headers a dead letter sets itself: any earlier value of them is replaced. */
	static final Set<String> SET_BY_DEAD_LETTER = Set.of(io.eventwire.EventHeaders.EVENT_ID, ORIGINAL_TOPIC,
			ORIGINAL_EVENT_ID, SERVICE, EXCEPTION_CLASS, EXCEPTION_MESSAGE, ORIGINAL_PARTITION, ORIGINAL_OFFSET,
			FAILED_AT, ATTEMPTS, EXCEPTION_STACKTRACE);

	private DeadLetterHeaders() {
	}

}
