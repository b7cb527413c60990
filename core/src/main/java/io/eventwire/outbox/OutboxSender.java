package io.eventwire.outbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import io.eventwire.correlation.CorrelationId;
import io.eventwire.internal.LogSafe;
import io.eventwire.publish.EventProducer;
import io.eventwire.publish.EventRecordFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.SendResult;

/**
 * Sends one stored outbox event: the record built from the document in the wire format, with the
 * event's correlation id current and the trace stored with it continued.
 */
final class OutboxSender {

	private static final Logger logger = LoggerFactory.getLogger(OutboxSender.class);

	private static final JsonWriterSettings JSON = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

	private final EventProducer producer;

	private final EventRecordFactory records;

	private final OutboxTracing tracing;

	private final PayloadJson payloadJson = new PayloadJson();

	private final ProducerFlusher flusher;

	OutboxSender(EventProducer producer, EventRecordFactory records, OutboxTracing tracing) {
		this.producer = producer;
		this.flusher = new ProducerFlusher(producer);
		this.records = records;
		this.tracing = tracing;
	}

	/**
	 * @param event the stored event
	 * @param mayStillSend asked right before the record is handed to the producer (after it was
	 * built): whether this instance may still send it
	 * @return the send, failed at once when the record could not be built, or {@code null} when it
	 * was not handed over because this instance may no longer send
	 */
	@Nullable CompletableFuture<SendResult<String, byte[]>> send(Document event, BooleanSupplier mayStillSend) {
		String correlationId = event.getString(OutboxDocuments.CORRELATION_ID);
		try (CorrelationId.Scope scope = CorrelationId.isValid(correlationId) ? CorrelationId.open(correlationId)
				: null) {
			ProducerRecord<String, byte[]> record = this.records.create(event.getString(OutboxDocuments.TOPIC),
					event.getString(OutboxDocuments.TYPE), event.getString(OutboxDocuments.KEY), json(event),
					event.getString(OutboxDocuments.EVENT_ID), correlationId, headers(event));
			return this.tracing.continueFrom(stringMap(event.get(OutboxDocuments.TRACE_CONTEXT)), record.topic(), () -> {
				if (logger.isDebugEnabled()) {
					logger.debug("Relaying outbox event {} of type '{}' to {}", event.getString(OutboxDocuments.EVENT_ID),
							LogSafe.escape(String.valueOf(event.getString(OutboxDocuments.TYPE))), record.topic());
				}
				// As late as possible: a pause before this point sends nothing after it.
				return mayStillSend.getAsBoolean() ? this.producer.kafkaTemplate().send(record) : null;
			});
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Have what the producer holds sent now, without its linger ({@link ProducerFlusher}); returns at
	 * once.
	 */
	void flush() {
		this.flusher.flush();
	}

	/**
	 * Stop the thread that flushes: the relay is gone for good.
	 */
	void shutdown() {
		this.flusher.shutdown();
	}

	private byte[] json(Document event) {
		if (event.get(OutboxDocuments.PAYLOAD_JSON) instanceof String json) {
			return json.getBytes(StandardCharsets.UTF_8);
		}
		// An entry of an earlier version: its payload as a document.
		Object payload = event.get(OutboxDocuments.PAYLOAD);
		byte[] plain = (payload != null) ? this.payloadJson.write(payload) : null;
		if (plain != null) {
			return plain;
		}
		String json;
		if (payload instanceof Document document) {
			json = document.toJson(JSON);
		}
		else {
			BsonValue value = new Document("v", payload).toBsonDocument().get("v");
			String wrapped = new BsonDocument("v", value).toJson(JSON);
			json = wrapped.substring(wrapped.indexOf(':') + 1, wrapped.lastIndexOf('}')).trim();
		}
		return json.getBytes(StandardCharsets.UTF_8);
	}

	private static Map<String, String> headers(Document event) {
		return stringMap(event.get(OutboxDocuments.HEADERS));
	}

	private static Map<String, String> stringMap(@Nullable Object headers) {
		if (headers instanceof Map<?, ?> map) {
			Map<String, String> result = new LinkedHashMap<>();
			map.forEach((name, value) -> result.put(String.valueOf(name), String.valueOf(value)));
			return result;
		}
		return Map.of();
	}

}
