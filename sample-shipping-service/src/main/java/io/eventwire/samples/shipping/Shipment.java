package io.eventwire.samples.shipping;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A shipment. Its id is the order id, so an order redelivered by Kafka finds its shipment and
 * creates no second one.
 *
 * @param orderId the order shipped (the id)
 * @param shipmentId the shipment's own id, shown to customers
 * @param country where it goes
 * @param status where it is
 * @param correlationId the correlation id of the order's flow; the dispatcher publishes under it
 * @param createdAt when it was created
 */
@Document("shipments")
public record Shipment(@Id String orderId, String shipmentId, String country, ShipmentStatus status,
		String correlationId, Instant createdAt) {
}
