package io.eventwire.samples.orders;

import java.util.List;

/**
 * The {@code order_placed} event on the {@code orders} topic, keyed by the order id.
 *
 * @param orderId the order
 * @param customer who ordered
 * @param country where to ship to
 * @param items what was ordered
 */
public record OrderPlaced(String orderId, String customer, String country, List<OrderItem> items) {
}
