package io.eventwire.docs.context;

/**
 * The reader's own repository of orders.
 */
public interface OrderRepository {

	Order save(Order order);

}
