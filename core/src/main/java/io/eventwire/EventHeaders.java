package io.eventwire;

/**
 * Names of the Kafka headers eventwire reads and writes. They follow the hexkit wire format so
 * that eventwire and hexkit services interoperate.
 */
public final class EventHeaders {

	/** The event type; required on every event. */
	public static final String TYPE = "type";

	/** The longest {@code type} consumers accept, in characters: a longer one is refused as poison. */
	public static final int MAX_TYPE_LENGTH = 256;

	/** A UUID string identifying the event. */
	public static final String EVENT_ID = "event_id";

	/** The correlation id (a UUID v4 string) of the work the event belongs to. */
	public static final String CORRELATION_ID = "correlation_id";

	/**
	 * The version of the event type the payload has, a decimal integer; absent means 1. hexkit's
	 * consumers ignore it.
	 */
	public static final String SCHEMA_VERSION = "schema_version";

	/** On dead-lettered and replayed events: the topic the event was first consumed from. */
	public static final String ORIGINAL_TOPIC = "original_topic";

	/** On dead-lettered events: the event id of the event that failed. */
	public static final String ORIGINAL_EVENT_ID = "original_event_id";

	/** On dead-lettered events: the name of the service that failed to handle the event. */
	public static final String SERVICE = "service";

	/**
	 * On dead-lettered events, and kept when they are replayed: the consumer group that failed the
	 * event, so that its replay reaches that group's handler only. A record on the retry topic
	 * without it (a requeue by other tooling, such as hexkit's) goes to the service's group.
	 */
	public static final String CONSUMER_GROUP = "consumer_group";

	/** On dead-lettered events: the simple class name of the exception. */
	public static final String EXCEPTION_CLASS = "exc_class";

	/** On dead-lettered events: the exception's message. */
	public static final String EXCEPTION_MESSAGE = "exc_msg";

	private EventHeaders() {
	}

	/**
	 * Whether the header is one that publishers set themselves and callers may not supply.
	 * @param name a header name
	 * @return {@code true} for {@code type}, {@code event_id} and {@code correlation_id}
	 */
	public static boolean isReserved(String name) {
		return TYPE.equals(name) || EVENT_ID.equals(name) || CORRELATION_ID.equals(name);
	}

}
