package io.eventwire.publish;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.eventwire.EventHeaders;
import io.eventwire.EventPublisher;
import io.eventwire.OutgoingEvent;
import io.eventwire.PublishException;
import io.eventwire.PublishResult;
import io.eventwire.internal.HeaderValues;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.util.Assert;

/**
 * The {@link EventPublisher} that sends through eventwire's {@link EventProducer}.
 */
public class KafkaEventPublisher implements EventPublisher {

	private final KafkaTemplate<String, byte[]> kafkaTemplate;

	private final EventRecordFactory recordFactory;

	/**
	 * @param producer the producer to send with
	 * @param recordFactory builds the records
	 */
	public KafkaEventPublisher(EventProducer producer, EventRecordFactory recordFactory) {
		Assert.notNull(producer, "producer must not be null");
		Assert.notNull(recordFactory, "recordFactory must not be null");
		this.kafkaTemplate = producer.kafkaTemplate();
		this.recordFactory = recordFactory;
	}

	@Override
	public void publish(OutgoingEvent event) {
		try {
			publishAsync(event).get();
		}
		catch (ExecutionException ex) {
			throw asPublishException(event, ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PublishException(event.topic(), event.type(),
					"Interrupted while waiting for the broker to acknowledge event " + event.type(), ex);
		}
	}

	@Override
	public CompletableFuture<PublishResult> publishAsync(OutgoingEvent event) {
		ProducerRecord<String, byte[]> record;
		CompletableFuture<SendResult<String, byte[]>> sent;
		try {
			record = this.recordFactory.create(event);
			sent = this.kafkaTemplate.send(record);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(asPublishException(event, ex));
		}
		return sent.handle((result, failure) -> {
			if (failure != null) {
				throw asPublishException(event, failure);
			}
			RecordMetadata metadata = result.getRecordMetadata();
			return new PublishResult(metadata.topic(), metadata.partition(), metadata.offset(),
					header(record, EventHeaders.EVENT_ID), header(record, EventHeaders.CORRELATION_ID));
		});
	}

	private static String header(ProducerRecord<String, byte[]> record, String name) {
		String value = HeaderValues.get(record.headers(), name);
		Assert.state(value != null, () -> "The record has no " + name + " header");
		return value;
	}

	private static PublishException asPublishException(OutgoingEvent event, Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof PublishException publishException) {
			return publishException;
		}
		return new PublishException(event.topic(), event.type(), "Event " + event.type() + " with key " + event.key()
				+ " was not published to " + event.topic() + ": " + cause.getMessage(), cause);
	}

}
