package io.eventwire.consume;

import java.util.function.Consumer;

import io.eventwire.EventHeaders;
import io.eventwire.dispatch.DispatchChain;
import io.eventwire.dispatch.DispatchStep;
import io.eventwire.dispatch.Delivery;
import io.eventwire.internal.LogSafe;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.eventwire.internal.RecordDescriptions.coordinates;

/**
 * The dispatch step that finds the handler of a record's topic and {@code type} header, and counts
 * the event as consumed once the steps after it handled it (not when key order parked it). A type
 * that no handler on the topic wants is skipped (one topic carries many types); a record without a
 * type, or with a malformed one, is refused with the reason (to the DLQ).
 */
final class TypeRouting implements DispatchStep {

	private static final Logger logger = LoggerFactory.getLogger(TypeRouting.class);

	private final EventRoutes routes;

	private final Consumer<Delivery> unrouted;

	/**
	 * @param unrouted told of each record no handler of the group wants, after it was checked
	 */
	TypeRouting(EventRoutes routes, Consumer<Delivery> unrouted) {
		this.routes = routes;
		this.unrouted = unrouted;
	}

	@Override
	public boolean apply(Delivery delivery, DispatchChain next) {
		Header typeHeader = delivery.record().headers().lastHeader(EventHeaders.TYPE);
		EventRoutes.Route route = this.routes.route(delivery.topic(), (typeHeader != null) ? typeHeader.value() : null);
		if (route == null) {
			// Refused with the reason when it is no event type, else one this group does not handle.
			String type = EventTypes.checked(delivery.record(), typeHeader);
			if (logger.isDebugEnabled()) {
				logger.debug("Skipping event of type '{}' at {}: no handler for it on this topic", LogSafe.escape(type),
						coordinates(delivery.record()));
			}
			this.unrouted.accept(delivery);
			return false;
		}
		delivery.routed(route.type(), route);
		boolean handlerRan = next.proceed(delivery);
		if (!delivery.isParked()) {
			route.consumed().run();
		}
		return handlerRan;
	}

}
