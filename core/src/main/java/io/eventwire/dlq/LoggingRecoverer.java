package io.eventwire.dlq;

import io.eventwire.internal.RecordDescriptions;
import io.eventwire.internal.RecordLogContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * What happens to an event whose retries are exhausted when the dead-letter queue is off: it is
 * logged at ERROR with its coordinates, and the partition moves on.
 */
public class LoggingRecoverer implements ConsumerRecordRecoverer {

	private static final Logger logger = LoggerFactory.getLogger(LoggingRecoverer.class);

	@Override
	public void accept(ConsumerRecord<?, ?> record, Exception exception) {
		try (RecordLogContext context = RecordLogContext.open(record)) {
			logger.error("Giving up on {} and skipping it: the dead-letter queue is disabled (eventwire.dlq.enabled=false)",
					RecordDescriptions.describe(record), Failures.unwrap(exception));
		}
	}

}
