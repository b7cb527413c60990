package io.eventwire.samples.orders;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;

/**
 * The body of {@code POST /orders}.
 *
 * @param customer who orders
 * @param country where to ship to, a two-letter ISO code
 * @param items what to order
 */
public record PlaceOrder(@NotBlank String customer, @NotBlank @Pattern(regexp = "[A-Z]{2}") String country,
		@NotEmpty List<@Valid OrderItem> items) {
}
