package io.eventwire.samples.shipping;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /shipments}.
 */
@RestController
class ShipmentController {

	private final ShippingService shipping;

	ShipmentController(ShippingService shipping) {
		this.shipping = shipping;
	}

	@GetMapping("/shipments")
	List<Shipment> findAll() {
		return this.shipping.findAll();
	}

}
