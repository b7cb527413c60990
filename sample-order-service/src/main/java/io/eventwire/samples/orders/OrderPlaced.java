package io.eventwire.samples.orders;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

/**
 * The {@code order_placed} event on the {@code orders} topic, keyed by the order id. The
 * constraints say what every event carries: they make the fields required in the published JSON
 * Schema ({@code /actuator/asyncapi}), which consumers' schemas are checked against.
 *
 * @param orderId the order
 * @param customer who ordered
 * @param country where to ship to
 * @param items what was ordered
 */
public record OrderPlaced(@NotBlank String orderId, @NotBlank String customer, @NotBlank String country,
		@NotEmpty List<OrderItem> items) {
}
