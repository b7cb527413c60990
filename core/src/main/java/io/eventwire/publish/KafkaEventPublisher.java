package io.eventwire.publish;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.eventwire.EventPublisher;
import io.eventwire.OutgoingEvent;
import io.eventwire.PublishException;
import io.eventwire.PublishResult;
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
		String eventId;
		String correlationId;
		CompletableFuture<SendResult<String, byte[]>> sent;
		try {
			eventId = this.recordFactory.eventId(event);
			correlationId = this.recordFactory.correlationId(event);
			sent = this.kafkaTemplate.send(this.recordFactory.create(event, eventId, correlationId));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(asPublishException(event, ex));
		}
		// The ids as decided, not read back from the record's headers on the producer's I/O thread.
		return sent.handle((result, failure) -> {
			if (failure != null) {
				throw asPublishException(event, failure);
			}
			RecordMetadata metadata = result.getRecordMetadata();
			return new PublishResult(metadata.topic(), metadata.partition(), metadata.offset(), eventId, correlationId);
		});
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
