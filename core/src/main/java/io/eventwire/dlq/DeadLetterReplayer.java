package io.eventwire.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.KafkaSends;
import io.eventwire.publish.EventProducer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Reads a dead letter back and publishes it to the service's retry topic, or for a dry run, says
 * what it would publish.
 */
final class DeadLetterReplayer {

	private final EventProducer producer;

	private final String topic;

	private final String retryTopic;

	private final Duration timeout;

	DeadLetterReplayer(EventProducer producer, String topic, String retryTopic, Duration timeout) {
		this.producer = producer;
		this.topic = topic;
		this.retryTopic = retryTopic;
		this.timeout = timeout;
	}

	/**
	 * @return what was published ({@link Replay#published()}), or would be for a dry run
	 * @throws DeadLetterConflictException if the dead letter is no longer in the topic
	 * @throws IllegalArgumentException if a corrected payload is not JSON
	 */
	Replay replay(Consumer<String, byte[]> consumer, DeadLetter letter, ReplayOptions options) {
		ConsumerRecord<String, byte[]> record = DeadLetterRecords.fetch(consumer, this.topic, List.of(letter), this.timeout)
			.get(letter.eventId());
		if (record == null) {
			throw new DeadLetterConflictException("Dead letter " + letter.eventId() + " is no longer in " + this.topic
					+ " (removed by its retention): discard it");
		}
		if (record.value() == null && options.payload() == null) {
			throw new DeadLetterConflictException("Dead letter " + letter.eventId() + " was written without its payload ("
					+ HeaderValues.get(record, DeadLetterShrinking.PAYLOAD_OMITTED_HEADER)
					+ "): replay it with the payload as a corrected payload, or discard it");
		}
		ProducerRecord<String, byte[]> replay = DeadLetterRecords.replay(record, this.retryTopic, letter.eventId(),
				options);
		if (!options.dryRun()) {
			send(replay, letter);
		}
		return new Replay(DeadLetterRecords.toDeadLetter(record, true), this.retryTopic, replay.key(),
				DeadLetterRecords.headers(replay.headers()),
				(replay.value() != null) ? new String(replay.value(), StandardCharsets.US_ASCII) : null,
				!options.dryRun());
	}

	private void send(ProducerRecord<String, byte[]> replay, DeadLetter letter) {
		try {
			KafkaSends.sendAndWait(this.producer.kafkaTemplate(), replay, this.timeout);
		}
		catch (KafkaSends.SendFailedException ex) {
			throw new IllegalStateException("Could not replay dead letter " + letter.eventId() + " to "
					+ this.retryTopic + ": " + ex.getMessage(), ex);
		}
	}

}
