package io.eventwire.docs.context;

/**
 * The reader's own service that a translator calls.
 */
public interface Shipments {

	void create(String orderId, String correlationId);

}
