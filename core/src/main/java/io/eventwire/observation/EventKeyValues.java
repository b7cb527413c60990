package io.eventwire.observation;

import io.eventwire.EventHeaders;
import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.Uuids;
import io.micrometer.common.KeyValues;
import org.apache.kafka.common.header.Headers;

/**
 * The event's ids as span tags (high-cardinality key values: never metric tags). Only well-formed
 * ids are tagged: a header value from the wire is never copied into a span unchecked.
 */
final class EventKeyValues {

	/** The correlation id tag. */
	static final String CORRELATION_ID = "eventwire.correlation_id";

	/** The event id tag. */
	static final String EVENT_ID = "eventwire.event_id";

	private EventKeyValues() {
	}

	static KeyValues of(Headers headers) {
		KeyValues keyValues = KeyValues.empty();
		String correlationId = HeaderValues.get(headers, EventHeaders.CORRELATION_ID);
		if (Uuids.isUuidV4(correlationId)) {
			keyValues = keyValues.and(CORRELATION_ID, correlationId);
		}
		String eventId = HeaderValues.get(headers, EventHeaders.EVENT_ID);
		if (Uuids.isUuid(eventId)) {
			keyValues = keyValues.and(EVENT_ID, eventId);
		}
		return keyValues;
	}

}
