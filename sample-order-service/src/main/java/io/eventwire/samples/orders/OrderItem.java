package io.eventwire.samples.orders;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/**
 * One line of an order.
 *
 * @param sku the product
 * @param quantity how many
 */
public record OrderItem(@NotBlank String sku, @Positive int quantity) {
}
