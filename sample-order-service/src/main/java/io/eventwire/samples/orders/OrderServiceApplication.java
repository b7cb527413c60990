package io.eventwire.samples.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The order service: takes orders over HTTP, stores them in MongoDB with an {@code order_placed}
 * event in the outbox, and follows their shipment from the shipping service's events.
 */
@SpringBootApplication
public class OrderServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderServiceApplication.class, args);
	}

}
