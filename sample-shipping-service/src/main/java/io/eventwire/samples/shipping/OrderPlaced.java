package io.eventwire.samples.shipping;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

/**
 * The order service's {@code order_placed} event, as far as shipping cares. Validated: an event
 * without an order id or items cannot be shipped and goes to the dead-letter topic at once.
 *
 * @param orderId the order
 * @param country where to ship to
 * @param items what to ship
 */
public record OrderPlaced(@NotBlank String orderId, @NotBlank String country, @NotEmpty List<Item> items) {

	/**
	 * @param sku the product
	 * @param quantity how many
	 */
	public record Item(String sku, int quantity) {
	}

}
