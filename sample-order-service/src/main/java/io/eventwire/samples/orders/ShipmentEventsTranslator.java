package io.eventwire.samples.orders;

import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;

/**
 * Follows shipments: the shipping service's events move orders on.
 */
@EventTranslator(topics = "shipments")
class ShipmentEventsTranslator {

	private final OrderService orders;

	ShipmentEventsTranslator(OrderService orders) {
		this.orders = orders;
	}

	@OnEvent("shipment_created")
	void created(ShipmentEvent event) {
		this.orders.shipmentProgressed(event.orderId(), event.shipmentId(), OrderStatus.SHIPMENT_CREATED);
	}

	@OnEvent("shipment_dispatched")
	void dispatched(ShipmentEvent event) {
		this.orders.shipmentProgressed(event.orderId(), event.shipmentId(), OrderStatus.DISPATCHED);
	}

}
