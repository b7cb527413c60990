package io.eventwire.docs.context;

/**
 * The reader's own order type, as the snippets use it.
 *
 * @param id the order's id
 * @param orderId the same id, as the stateful outbox snippet names it
 * @param customer who ordered
 */
public record Order(String id, String orderId, String customer) {
}
