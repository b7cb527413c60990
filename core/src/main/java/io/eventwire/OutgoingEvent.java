package io.eventwire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * An event to publish: topic, type, key and payload, optionally with its own event id,
 * correlation id and extra headers. Create one with {@link #builder(String, String, String, Object)}.
 */
public final class OutgoingEvent {

	private final String topic;

	private final String type;

	private final String key;

	private final Object payload;

	private final @Nullable String eventId;

	private final @Nullable String correlationId;

	private final Map<String, String> headers;

	private OutgoingEvent(Builder builder) {
		this.topic = builder.topic;
		this.type = builder.type;
		this.key = builder.key;
		this.payload = builder.payload;
		this.eventId = builder.eventId;
		this.correlationId = builder.correlationId;
		// Most events have no headers of their own: no maps made for them.
		this.headers = (builder.headers != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers))
				: Map.of();
	}

	/**
	 * Start building an event.
	 * @param topic the topic; must not be blank
	 * @param type the event type; must not be blank
	 * @param key the key; must not be null
	 * @param payload the payload; must not be null
	 * @return a builder
	 */
	public static Builder builder(String topic, String type, String key, Object payload) {
		return new Builder(topic, type, key, payload);
	}

	/** @return the topic */
	public String topic() {
		return this.topic;
	}

	/** @return the event type */
	public String type() {
		return this.type;
	}

	/** @return the key */
	public String key() {
		return this.key;
	}

	/** @return the payload */
	public Object payload() {
		return this.payload;
	}

	/** @return the event id to send, or {@code null} to generate one */
	public @Nullable String eventId() {
		return this.eventId;
	}

	/** @return the correlation id to send, or {@code null} for the current one */
	public @Nullable String correlationId() {
		return this.correlationId;
	}

	/** @return extra headers to send, unmodifiable */
	public Map<String, String> headers() {
		return this.headers;
	}

	@Override
	public String toString() {
		return "OutgoingEvent[topic=" + this.topic + ", type=" + this.type + ", key=" + this.key + ", eventId="
				+ this.eventId + "]";
	}

	/**
	 * Builds an {@link OutgoingEvent}.
	 */
	public static final class Builder {

		private final String topic;

		private final String type;

		private final String key;

		private final Object payload;

		private @Nullable String eventId;

		private @Nullable String correlationId;

		private @Nullable Map<String, String> headers;

		private Builder(String topic, String type, String key, Object payload) {
			Assert.hasText(topic, "topic must not be blank");
			Assert.hasText(type, "type must not be blank");
			Assert.notNull(key, "key must not be null");
			Assert.notNull(payload, "payload must not be null");
			this.topic = topic;
			this.type = type;
			this.key = key;
			this.payload = payload;
		}

		/**
		 * Send this event id instead of a generated one (to keep an id across a retry, say).
		 * @param eventId a UUID string
		 * @return this builder
		 */
		public Builder eventId(String eventId) {
			Assert.hasText(eventId, "eventId must not be blank");
			this.eventId = eventId;
			return this;
		}

		/**
		 * Send this correlation id instead of the current one (to publish on behalf of earlier
		 * work, as the outbox relay does).
		 * @param correlationId a UUID v4 string
		 * @return this builder
		 */
		public Builder correlationId(String correlationId) {
			Assert.hasText(correlationId, "correlationId must not be blank");
			this.correlationId = correlationId;
			return this;
		}

		/**
		 * Add a custom header. The reserved headers ({@code type}, {@code event_id},
		 * {@code correlation_id}) are set by the publisher: a value given here for them is
		 * replaced, with a warning.
		 * @param name the header name
		 * @param value the header value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			Assert.hasText(name, "header name must not be blank");
			Assert.notNull(value, "header value must not be null");
			if (this.headers == null) {
				this.headers = new LinkedHashMap<>();
			}
			this.headers.put(name, value);
			return this;
		}

		/**
		 * Say which version of its type the payload is: written to the {@code schema_version}
		 * header, from which a consumer whose handler takes a newer version upcasts it (see
		 * {@link EventUpcaster}). Without it, consumers take the payload for version 1.
		 * @param version the version, 1 or more
		 * @return this builder
		 */
		public Builder version(int version) {
			Assert.isTrue(version >= 1, "version must be at least 1");
			return header(EventHeaders.SCHEMA_VERSION, Integer.toString(version));
		}

		/**
		 * Add custom headers, as {@link #header(String, String)} does for each.
		 * @param headers the headers
		 * @return this builder
		 */
		public Builder headers(Map<String, String> headers) {
			headers.forEach(this::header);
			return this;
		}

		/** @return the event */
		public OutgoingEvent build() {
			return new OutgoingEvent(this);
		}

	}

}
