package io.eventwire.samples.orders;

import jakarta.validation.constraints.NotBlank;

/**
 * The payload of the shipping service's {@code shipment_created} and {@code shipment_dispatched}
 * events, as far as the order service cares.
 *
 * @param shipmentId the shipment
 * @param orderId the order it ships
 */
public record ShipmentEvent(String shipmentId, @NotBlank String orderId) {
}
