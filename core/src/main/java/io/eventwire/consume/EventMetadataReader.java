package io.eventwire.consume;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.eventwire.EventHeaders;
import io.eventwire.EventMetadata;
import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.LazyHeaderMap;
import io.eventwire.internal.LogSafe;
import io.eventwire.internal.Uuids;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.eventwire.internal.RecordDescriptions.coordinates;

/**
 * The {@link EventMetadata} of a consumed record, for handlers that take it: built on every such
 * event, so with no more than it needs. The headers are decoded when a handler first reads them
 * ({@link LazyHeaderMap}), the type and correlation id the dispatcher read already not again.
 */
final class EventMetadataReader {

	private static final Logger logger = LoggerFactory.getLogger(EventMetadataReader.class);

	private EventMetadataReader() {
	}

	/**
	 * @param topic the topic the event counts as coming from (the original one for a replay)
	 * @param type the event type, read from the record
	 * @param correlationId the correlation id the event is handled with
	 * @return the metadata; an event id is generated, with a warning, when the header has none
	 */
	static EventMetadata read(ConsumerRecord<String, byte[]> record, String topic, String type, String correlationId) {
		return read(record, topic, type, correlationId, false);
	}

	/**
	 * @param replay whether the event is handled again because its group was rewound
	 */
	static EventMetadata read(ConsumerRecord<String, byte[]> record, String topic, String type, String correlationId,
			boolean replay) {
		// A copy of the header list, so that what the metadata shows cannot change once it is made.
		Header[] all = record.headers().toArray();
		Map<String, String> headers = new LazyHeaderMap(() -> headers(all, type, correlationId));
		return new EventMetadata(topic, type, record.key(),
				eventId(HeaderValues.get(record.headers(), EventHeaders.EVENT_ID), record, type), correlationId,
				record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()), headers, replay);
	}

	private static String eventId(@Nullable String eventId, ConsumerRecord<String, byte[]> record, String type) {
		if (Uuids.isUuid(eventId)) {
			return eventId;
		}
		String generated = Uuids.random();
		logger.warn("Event of type '{}' at {} has {} event id; using the generated id {}", LogSafe.escape(type),
				coordinates(record), (eventId == null) ? "no" : "the malformed ('" + LogSafe.escape(eventId) + "')",
				generated);
		return generated;
	}

	// Built as the unmodifiable map EventMetadata keeps (it copies any other), unless a header occurs
	// more than once: then the last value wins, as the metadata documents.
	@SuppressWarnings("unchecked")
	private static Map<String, String> headers(Header[] all, String type, String correlationId) {
		Map.Entry<String, String>[] entries = new Map.Entry[all.length];
		for (int i = 0; i < all.length; i++) {
			for (int j = 0; j < i; j++) {
				if (all[j].key().equals(all[i].key())) {
					Map<String, String> headers = new LinkedHashMap<>();
					for (Header header : all) {
						headers.put(header.key(), text(header, type, correlationId));
					}
					return headers;
				}
			}
			entries[i] = Map.entry(all[i].key(), text(all[i], type, correlationId));
		}
		return Map.ofEntries(entries);
	}

	// The type and the correlation id were read already (the last of their headers): not again.
	private static String text(Header header, String type, String correlationId) {
		byte[] value = header.value();
		if (value == null) {
			return "";
		}
		if (header.key().equals(EventHeaders.TYPE) && sameText(value, type)) {
			return type;
		}
		if (header.key().equals(EventHeaders.CORRELATION_ID) && sameText(value, correlationId)) {
			return correlationId;
		}
		return new String(value, StandardCharsets.UTF_8);
	}

	// For ASCII text, which both are when they match: the type was checked, the id is a UUID.
	private static boolean sameText(byte[] value, String text) {
		if (value.length != text.length()) {
			return false;
		}
		for (int i = 0; i < value.length; i++) {
			if (value[i] != text.charAt(i)) {
				return false;
			}
		}
		return true;
	}

}
