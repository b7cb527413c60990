package io.eventwire.samples.shipping;

import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import jakarta.validation.Valid;

/**
 * Ships placed orders.
 */
@EventTranslator(topics = "orders")
class OrderEventsTranslator {

	private final ShippingService shipping;

	OrderEventsTranslator(ShippingService shipping) {
		this.shipping = shipping;
	}

	@OnEvent("order_placed")
	void placed(@Valid OrderPlaced order) {
		this.shipping.createShipment(order);
	}

}
