package io.eventwire.docs.context;

/**
 * The reader's own event payload.
 *
 * @param orderId the order
 * @param customer who ordered
 */
public record OrderPlaced(String orderId, String customer) {
}
