package io.eventwire.autoconfigure.outbox;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Tags every record a relay process sends with a {@code sent_by} header (the producer property
 * {@code eventwire.test.sender}) and a {@code handed_at} header (when the record entered the
 * producer, epoch milliseconds), so that a test can tell which process sent what, and when it
 * decided to: a record handed over before a SIGSTOP may reach the broker only after it.
 */
public class SenderTagInterceptor implements ProducerInterceptor<Object, Object> {

	static final String HEADER = "sent_by";

	static final String HANDED_AT = "handed_at";

	static final String PROPERTY = "eventwire.test.sender";

	private byte[] sender = new byte[0];

	@Override
	public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
		record.headers().add(HEADER, this.sender);
		record.headers().add(HANDED_AT, Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII));
		return record;
	}

	@Override
	public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
	}

	@Override
	public void close() {
	}

	@Override
	public void configure(Map<String, ?> configs) {
		this.sender = String.valueOf(configs.get(PROPERTY)).getBytes(StandardCharsets.UTF_8);
	}

}
