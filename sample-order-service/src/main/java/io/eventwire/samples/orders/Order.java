package io.eventwire.samples.orders;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An order, as stored in MongoDB and returned by the API.
 *
 * @param id the order id
 * @param customer who ordered
 * @param country where to ship to (ISO code)
 * @param items what was ordered
 * @param status where the order is
 * @param shipmentId the shipment, once the shipping service created one
 * @param correlationId the correlation id of the request that placed the order
 * @param placedAt when it was placed
 */
@Document("orders")
public record Order(@Id String id, String customer, String country, List<OrderItem> items, OrderStatus status,
		@Nullable String shipmentId, String correlationId, Instant placedAt) {

	Order withShipment(OrderStatus status, String shipmentId) {
		return new Order(this.id, this.customer, this.country, this.items, status, shipmentId, this.correlationId,
				this.placedAt);
	}

}
