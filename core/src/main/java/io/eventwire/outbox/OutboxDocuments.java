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

	/**
	 * The payload as a document: written by earlier versions only, and still relayed. BSON cannot
	 * hold every JSON number as written (30 digits, {@code 1.10}) nor keys such as {@code $oid} as
	 * data, so the payload is now stored as {@link #PAYLOAD_JSON}.
	 */
	public static final String PAYLOAD = "payload";

	/**
	 * eventwire: the payload as the JSON text the publisher wrote for the event, sent as it is, so
	 * that a relayed event carries the bytes a direct publish would.
	 */
	public static final String PAYLOAD_JSON = "payload_json";

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

	/**
	 * eventwire: the order in which the database applied the writes, a BSON timestamp the database
	 * assigns ({@code $currentDate}); unique and increasing on a real server (its cluster time), so
	 * neither the writers' clocks nor which instance wrote decide the order. Entries written by earlier
	 * versions hold an ObjectId here, which sorts before any timestamp.
	 */
	public static final String SEQUENCE = "seq";

	/**
	 * eventwire: an ObjectId from the writing process, which orders entries the database stamped
	 * alike (only servers whose timestamps have a second's resolution, such as test servers, do).
	 */
	public static final String WRITER_SEQUENCE = "writer_seq";

	/** eventwire: a non-negative hash of the key, which decides the shard. */
	public static final String KEY_HASH = "key_hash";

	/** eventwire: when the event was published; the retention TTL index counts from it. */
	public static final String PUBLISHED_AT = "published_at";

	/** eventwire: failed send attempts. */
	public static final String ATTEMPTS = "attempts";

	/** eventwire: why the last send failed. */
	public static final String LAST_ERROR = "last_error";

	/**
	 * eventwire: the relay gave up on the event after too many permanent failures; {@code false}
	 * from the start, so that the relay's query and the statistics read one index.
	 */
	public static final String FAILED = "failed";

	private OutboxDocuments() {
	}

}
