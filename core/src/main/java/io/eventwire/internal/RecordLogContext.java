package io.eventwire.internal;

import io.eventwire.EventHeaders;
import io.eventwire.correlation.CorrelationId;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Makes a consumed record's correlation id current (and so part of the logging MDC) while
 * eventwire logs about the record outside its handler: retries, waits, dead letters.
 */
public final class RecordLogContext implements AutoCloseable {

	private static final RecordLogContext NONE = new RecordLogContext(null);

	private final CorrelationId.@Nullable Scope scope;

	private RecordLogContext(CorrelationId.@Nullable Scope scope) {
		this.scope = scope;
	}

	/**
	 * @param record a consumed record
	 * @return a context to close after logging; it does nothing when the record has no valid
	 * correlation id
	 */
	public static RecordLogContext open(ConsumerRecord<?, ?> record) {
		String correlationId = HeaderValues.get(record, EventHeaders.CORRELATION_ID);
		return CorrelationId.isValid(correlationId) ? new RecordLogContext(CorrelationId.open(correlationId)) : NONE;
	}

	@Override
	public void close() {
		if (this.scope != null) {
			this.scope.close();
		}
	}

}
