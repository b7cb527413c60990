package io.eventwire.test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.eventwire.EventHeaders;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event read back from Kafka by an {@link EventRecorder} (or kept by {@link PublishedEvents}, with
 * partition and offset {@code -1}): where it was, its key, type, headers and payload.
 */
public final class RecordedEvent {

	private final String topic;

	private final int partition;

	private final long offset;

	private final @Nullable String key;

	private final Map<String, String> headers;

	private final byte @Nullable [] value;

	private final JsonMapper jsonMapper;

	RecordedEvent(String topic, int partition, long offset, @Nullable String key, Iterable<Header> headers,
			byte @Nullable [] value, JsonMapper jsonMapper) {
		this.topic = topic;
		this.partition = partition;
		this.offset = offset;
		this.key = key;
		Map<String, String> texts = new LinkedHashMap<>();
		for (Header header : headers) {
			texts.put(header.key(), (header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : "");
		}
		this.headers = Map.copyOf(texts);
		this.value = value;
		this.jsonMapper = jsonMapper;
	}

	/** @return the topic */
	public String topic() {
		return this.topic;
	}

	/** @return the partition */
	public int partition() {
		return this.partition;
	}

	/** @return the offset */
	public long offset() {
		return this.offset;
	}

	/** @return the key, or {@code null} */
	public @Nullable String key() {
		return this.key;
	}

	/** @return the {@code type} header, or {@code null} when it is missing */
	public @Nullable String type() {
		return this.headers.get(EventHeaders.TYPE);
	}

	/** @return the {@code event_id} header, or {@code null} */
	public @Nullable String eventId() {
		return this.headers.get(EventHeaders.EVENT_ID);
	}

	/** @return the {@code correlation_id} header, or {@code null} */
	public @Nullable String correlationId() {
		return this.headers.get(EventHeaders.CORRELATION_ID);
	}

	/** @return all headers as UTF-8 text (the last value of a repeated header) */
	public Map<String, String> headers() {
		return this.headers;
	}

	/** @return the payload as JSON text, or {@code null} for a tombstone */
	public @Nullable String json() {
		return (this.value != null) ? new String(this.value, StandardCharsets.UTF_8) : null;
	}

	/** @return the payload as a JSON tree */
	public JsonNode payload() {
		return this.jsonMapper.readTree(this.value);
	}

	/**
	 * @param type the type to bind the payload to
	 * @param <T> the type
	 * @return the payload bound to it, as a translator would bind it
	 */
	public <T> T payload(Class<T> type) {
		return this.jsonMapper.readValue(this.value, type);
	}

	@Override
	public String toString() {
		return this.topic + "-" + this.partition + "@" + this.offset + " " + type() + " key=" + this.key + " " + json();
	}

}
