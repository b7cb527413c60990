package io.eventwire.samples.shipping;

import jakarta.validation.constraints.NotBlank;

/**
 * The payload of {@code shipment_created} and {@code shipment_dispatched} on the {@code shipments}
 * topic, keyed by the order id.
 *
 * @param shipmentId the shipment
 * @param orderId the order it ships
 * @param country where it goes
 */
public record ShipmentEvent(@NotBlank String shipmentId, @NotBlank String orderId, @NotBlank String country) {
}
