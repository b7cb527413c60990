package io.eventwire.consume;

import io.eventwire.EventHeaders;
import io.eventwire.EventMetadata;
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
 * The last dispatch step: binds the payload (and the metadata, if the handler wants it) and invokes
 * the handler.
 */
final class HandlerInvocation implements DispatchStep {

	private static final Logger logger = LoggerFactory.getLogger(HandlerInvocation.class);

	@Override
	public boolean apply(Delivery delivery, DispatchChain next) {
		ConsumerRecord<String, byte[]> record = delivery.record();
		EventRoutes.Route route = delivery.route(EventRoutes.Route.class);
		String type = route.type();
		if (logger.isDebugEnabled()) {
			logger.debug("Handling event {} of type '{}' from {}",
					LogSafe.escape(HeaderValues.get(record.headers(), EventHeaders.EVENT_ID)), LogSafe.escape(type),
					coordinates(record));
		}
		EventHandlerMethod handler = route.handler();
		Object payload = handler.bind(delivery.payload(), type);
		EventMetadata metadata = handler.wantsMetadata()
				? EventMetadataReader.read(record, delivery.topic(), type, String.valueOf(delivery.correlationId()),
						delivery.isReplay())
				: null;
		handler.invoke(payload, metadata);
		return true;
	}

}
