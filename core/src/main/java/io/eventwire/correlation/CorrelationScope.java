package io.eventwire.correlation;

import io.eventwire.EventHeaders;
import io.eventwire.dispatch.DispatchChain;
import io.eventwire.dispatch.DispatchStep;
import io.eventwire.dispatch.Delivery;
import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.LogSafe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.eventwire.internal.RecordDescriptions.coordinates;

/**
 * The dispatch step that makes a routed event's correlation id current (and in the MDC) for the
 * steps after it: its header's, or a generated one when it has none or an invalid one (said at WARN).
 */
public final class CorrelationScope implements DispatchStep {

	private static final Logger logger = LoggerFactory.getLogger(CorrelationScope.class);

	@Override
	public boolean apply(Delivery delivery, DispatchChain next) {
		if (!delivery.isRouted()) {
			return next.proceed(delivery);
		}
		String correlationId = correlationId(delivery.record(), String.valueOf(delivery.type()));
		delivery.correlationId(correlationId);
		try (CorrelationId.Scope scope = CorrelationId.open(correlationId)) {
			return next.proceed(delivery);
		}
	}

	private static String correlationId(ConsumerRecord<String, byte[]> record, String type) {
		String correlationId = HeaderValues.get(record.headers(), EventHeaders.CORRELATION_ID);
		if (CorrelationId.isValid(correlationId)) {
			return correlationId;
		}
		String generated = CorrelationId.generate();
		logger.warn("Event of type '{}' at {} has {} correlation id; using the generated id {}",
				LogSafe.escape(type), coordinates(record),
				(correlationId == null) ? "no" : "the invalid ('" + LogSafe.escape(correlationId) + "')", generated);
		return generated;
	}

}
