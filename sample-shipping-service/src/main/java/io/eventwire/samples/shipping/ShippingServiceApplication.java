package io.eventwire.samples.shipping;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The shipping service: creates a shipment for each placed order and dispatches it a little later,
 * telling the order service through its outbox.
 */
@SpringBootApplication
@EnableScheduling
public class ShippingServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(ShippingServiceApplication.class, args);
	}

}
