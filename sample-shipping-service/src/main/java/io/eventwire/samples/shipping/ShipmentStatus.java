package io.eventwire.samples.shipping;

/**
 * Where a shipment is.
 */
public enum ShipmentStatus {

	/** Created, waiting in the warehouse. */
	CREATED,

	/** On its way. */
	DISPATCHED

}
