package io.eventwire.samples.orders;

/**
 * Where an order is.
 */
public enum OrderStatus {

	/** Stored; the shipping service has not answered yet. */
	PLACED,

	/** The shipping service created a shipment. */
	SHIPMENT_CREATED,

	/** The shipment left the warehouse. */
	DISPATCHED

}
