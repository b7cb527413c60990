package io.eventwire.outbox;

/**
 * Field names of event outbox documents: hexkit's persistent publisher layout, plus eventwire's own
 * relay fields.
 */
public final class OutboxDocuments {

	/** The event id, or {@code "<topic>:<key>"} on compacted topics. */
	public static final String ID = "_id";

	/** The topic. */
	public static final String TOPIC = "topic";

	/** The key. */
	public static final String KEY = "key";

	/** The event type. */
	public static final String TYPE = "type_";

	/** The payload, as a document. */
	public static final String PAYLOAD = "payload";

	/** The event id. */
	public static final String EVENT_ID = "event_id";

	/** Custom headers. */
	public static final String HEADERS = "headers";

	/** The correlation id. */
	public static final String CORRELATION_ID = "correlation_id";

	/** When the event was stored (UTC). */
	public static final String CREATED = "created";

	/** Whether the event was published. */
	public static final String PUBLISHED = "published";

	/**
	 * eventwire: the trace context current when the event was stored (W3C {@code traceparent} and
	 * the like), continued when the relay sends it.
	 */
	public static final String TRACE_CONTEXT = "trace_context";

	/** eventwire: the order of writing, an ObjectId. */
	public static final String SEQUENCE = "seq";

	/** eventwire: a non-negative hash of the key, which decides the shard. */
	public static final String KEY_HASH = "key_hash";

	/** eventwire: when the event was published; the retention TTL index counts from it. */
	public static final String PUBLISHED_AT = "published_at";

	/** eventwire: failed send attempts. */
	public static final String ATTEMPTS = "attempts";

	/** eventwire: why the last send failed. */
	public static final String LAST_ERROR = "last_error";

	/** eventwire: the relay gave up on the event after too many permanent failures. */
	public static final String FAILED = "failed";

	private OutboxDocuments() {
	}

}
