package io.eventwire.publish;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.eventwire.EventHeaders;
import io.eventwire.OutgoingEvent;
import io.eventwire.PublishException;
import io.eventwire.contract.PublishedEventDeclarations;
import io.eventwire.correlation.CorrelationId;
import io.eventwire.internal.Ascii;
import io.eventwire.internal.LogSafe;
import io.eventwire.internal.Uuids;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.Assert;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an {@link OutgoingEvent} into the Kafka record the wire format prescribes: the key as a
 * string, the payload as JSON and the headers {@code type}, {@code event_id} and
 * {@code correlation_id} followed by the custom ones. Value and header values are ASCII, with every
 * other character escaped ({@link Ascii}), since hexkit decodes them as ASCII; a key that is not
 * ASCII is sent as it is, with a warning once per topic.
 */
public class EventRecordFactory {

	private static final Logger logger = LoggerFactory.getLogger(EventRecordFactory.class);

	private final JsonMapper jsonMapper;

	private final boolean generateCorrelationIdIfMissing;

	private final Set<String> topicsWarnedOfKeys = ConcurrentHashMap.newKeySet();

	private final @Nullable PublishedEventDeclarations declarations;

	/**
	 * @param jsonMapper the mapper that writes payloads
	 * @param generateCorrelationIdIfMissing whether to generate a correlation id when the event has
	 * none and none is current; when {@code false}, such an event is refused
	 */
	public EventRecordFactory(JsonMapper jsonMapper, boolean generateCorrelationIdIfMissing) {
		this(jsonMapper, generateCorrelationIdIfMissing, null);
	}

	/**
	 * @param jsonMapper the mapper that writes payloads
	 * @param generateCorrelationIdIfMissing whether to generate a correlation id when the event has
	 * none and none is current; when {@code false}, such an event is refused
	 * @param declarations what the service declares it publishes (versions, undeclared events), or
	 * {@code null}
	 */
	public EventRecordFactory(JsonMapper jsonMapper, boolean generateCorrelationIdIfMissing,
			@Nullable PublishedEventDeclarations declarations) {
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		this.jsonMapper = jsonMapper;
		this.generateCorrelationIdIfMissing = generateCorrelationIdIfMissing;
		this.declarations = declarations;
	}

	/**
	 * Build the record for an event.
	 * @param event the event
	 * @return the record, with its event id and correlation id decided
	 * @throws PublishException if the payload cannot be written as JSON or no correlation id is
	 * available
	 */
	public ProducerRecord<String, byte[]> create(OutgoingEvent event) {
		return create(event, eventId(event), correlationId(event));
	}

	/**
	 * Build the record for an event whose ids are decided ({@link #eventId}, {@link #correlationId}).
	 * @param event the event
	 * @param eventId its event id
	 * @param correlationId its correlation id
	 * @return the record
	 * @throws PublishException if the payload cannot be written as JSON
	 */
	public ProducerRecord<String, byte[]> create(OutgoingEvent event, String eventId, String correlationId) {
		return create(event.topic(), event.type(), event.key(), writePayload(event), eventId, correlationId,
				headers(event));
	}

	/**
	 * @param event an event
	 * @return the custom headers to publish it with: its own, with the version its
	 * {@link io.eventwire.PublishesEvent declaration} gives unless it sets one
	 * @throws PublishException if the event is not declared and undeclared events are refused
	 */
	public Map<String, String> headers(OutgoingEvent event) {
		return (this.declarations != null) ? this.declarations.headers(event.topic(), event.type(), event.headers())
				: event.headers();
	}

	/**
	 * Build the record for an event whose payload is already JSON and whose ids are decided, as
	 * the outbox relay does with stored events.
	 * @param topic the topic
	 * @param type the event type
	 * @param key the key
	 * @param json the payload as UTF-8 JSON (sent as ASCII JSON)
	 * @param eventId the event id
	 * @param correlationId the correlation id
	 * @param customHeaders further headers; reserved ones are ignored with a warning
	 * @return the record
	 */
	public ProducerRecord<String, byte[]> create(String topic, String type, String key, byte[] json, String eventId,
			String correlationId, Map<String, String> customHeaders) {
		if (key != null && !Ascii.isAscii(key) && this.topicsWarnedOfKeys.add(topic)) {
			logger.warn("Key '{}' of event {} on topic {} is not ASCII: hexkit consumers of {} fail on it (they decode "
					+ "keys as ASCII). Sent as it is; this is said once per topic", LogSafe.escape(key), type, topic, topic);
		}
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, key, Ascii.json(json));
		Headers headers = record.headers();
		headers.add(EventHeaders.TYPE, Ascii.text(type));
		headers.add(EventHeaders.EVENT_ID, Ascii.text(eventId));
		headers.add(EventHeaders.CORRELATION_ID, Ascii.text(correlationId));
		for (Map.Entry<String, String> header : customHeaders.entrySet()) {
			if (EventHeaders.isReserved(header.getKey())) {
				logger.warn("Ignoring the header '{}' given for event {} on topic {}: eventwire sets it itself",
						header.getKey(), type, topic);
				continue;
			}
			headers.add(header.getKey(), Ascii.text(header.getValue()));
		}
		return record;
	}

	/**
	 * @param event an event
	 * @return its event id: the given one, or a new random UUID
	 */
	public String eventId(OutgoingEvent event) {
		String eventId = event.eventId();
		return (eventId != null) ? eventId : Uuids.random();
	}

	/**
	 * @param event an event
	 * @return its correlation id: the given one when valid, else the current one, else a new one
	 * @throws PublishException if none is current and generating one is turned off
	 */
	public String correlationId(OutgoingEvent event) {
		String given = event.correlationId();
		if (given != null) {
			if (CorrelationId.isValid(given)) {
				return given;
			}
			logger.warn("Replacing the invalid correlation id '{}' of event {} on topic {} with a new one",
					LogSafe.escape(given), event.type(), event.topic());
			return CorrelationId.generate();
		}
		return currentOrNewCorrelationId(event.topic(), event.type());
	}

	/**
	 * @param topic the topic of the event that needs the id, for the error message
	 * @param type the type of the event that needs the id, for the error message
	 * @return the current correlation id, or a new one
	 * @throws PublishException if none is current and generating one is turned off
	 */
	public String currentOrNewCorrelationId(String topic, String type) {
		return CorrelationId.current().orElseGet(() -> {
			if (!this.generateCorrelationIdIfMissing) {
				throw new PublishException(topic, type,
						"No correlation id is current and eventwire.correlation.generate-if-missing is false", null);
			}
			return CorrelationId.generate();
		});
	}

	/**
	 * @param event an event
	 * @return its payload as UTF-8 JSON
	 * @throws PublishException if the payload cannot be written as JSON (or, given as text or
	 * bytes, is not JSON)
	 */
	public byte[] writePayload(OutgoingEvent event) {
		Object payload = event.payload();
		try {
			if (payload instanceof byte[] bytes) {
				this.jsonMapper.readTree(bytes);
				return bytes;
			}
			if (payload instanceof String json) {
				this.jsonMapper.readTree(json);
				return utf8(json);
			}
			if (payload instanceof JsonNode node) {
				return this.jsonMapper.writeValueAsBytes(node);
			}
			return this.jsonMapper.writeValueAsBytes(payload);
		}
		catch (JacksonException ex) {
			throw new PublishException(event.topic(), event.type(), "Cannot write the payload of event " + event.type()
					+ " for topic " + event.topic() + " as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
