package io.eventwire.samples.orders;

/**
 * The payload of the shipping service's {@code shipment_created} and {@code shipment_dispatched}
 * events, as far as the order service cares.
 *
 * @param shipmentId the shipment
 * @param orderId the order it ships
 */
public record ShipmentEvent(String shipmentId, String orderId) {
}
