package io.eventwire.dlq;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import io.eventwire.EventHeaders;
import io.eventwire.internal.Ascii;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The smaller forms of a dead letter that the dead-letter topic refused as too large (its failure
 * headers pushed it over the topic's {@code max.message.bytes}, or the event itself is larger than
 * the topic takes), each tried in turn: without the stack trace; then also with a short exception
 * message; then also without the payload, naming where the event is instead, so that nothing is
 * lost and the partition moves on.
 */
final class DeadLetterShrinking {

	/**
	 * On a dead letter written without its payload: the payload's size and where the event is
	 * ({@code <n> bytes, at <topic>-<partition>@<offset>}).
	 */
	static final String PAYLOAD_OMITTED_HEADER = "eventwire_payload_omitted";

	/** The exception message of a shrunk dead letter, in characters at most. */
	static final int SHORT_MESSAGE_LENGTH = 200;

	private DeadLetterShrinking() {
	}

	/**
	 * @param failed the record that failed
	 * @return the steps that make it smaller, in order; each applies to the result of the one before
	 */
	static List<UnaryOperator<ProducerRecord<Object, Object>>> steps(ConsumerRecord<?, ?> failed) {
		return List.of((letter) -> copy(letter, letter.value(), without(letter.headers(), DeadLetterHeaders.EXCEPTION_STACKTRACE)),
				(letter) -> copy(letter, letter.value(), shortMessage(letter.headers())),
				(letter) -> copy(letter, null, payloadOmitted(letter, failed)));
	}

	private static ProducerRecord<Object, Object> copy(ProducerRecord<Object, Object> letter, Object value,
			Headers headers) {
		return new ProducerRecord<>(letter.topic(), letter.partition(), letter.timestamp(), letter.key(), value, headers);
	}

	private static Headers without(Headers headers, String name) {
		RecordHeaders kept = new RecordHeaders();
		for (Header header : headers) {
			if (!header.key().equals(name)) {
				kept.add(header);
			}
		}
		return kept;
	}

	private static Headers shortMessage(Headers headers) {
		Header message = headers.lastHeader(EventHeaders.EXCEPTION_MESSAGE);
		Headers shortened = without(headers, EventHeaders.EXCEPTION_MESSAGE);
		if (message != null && message.value() != null) {
			byte[] value = message.value();
			// The header is ASCII already (escaped): cutting it at a byte cuts it at a character.
			int length = Math.min(value.length, SHORT_MESSAGE_LENGTH);
			byte[] cut = Arrays.copyOf(value, length);
			shortened.add(EventHeaders.EXCEPTION_MESSAGE, (length < value.length) ? concat(cut, "...") : cut);
		}
		return shortened;
	}

	private static Headers payloadOmitted(ProducerRecord<Object, Object> letter, ConsumerRecord<?, ?> failed) {
		Headers headers = without(letter.headers(), PAYLOAD_OMITTED_HEADER);
		int size = (letter.value() instanceof byte[] bytes) ? bytes.length : failed.serializedValueSize();
		headers.add(PAYLOAD_OMITTED_HEADER, Ascii.text(size + " bytes, at " + failed.topic() + "-" + failed.partition()
				+ "@" + failed.offset() + ": larger than the dead-letter topic takes"));
		return headers;
	}

	private static byte[] concat(byte[] bytes, String suffix) {
		byte[] tail = Ascii.text(suffix);
		byte[] joined = Arrays.copyOf(bytes, bytes.length + tail.length);
		System.arraycopy(tail, 0, joined, bytes.length, tail.length);
		return joined;
	}

}
