package io.eventwire.demo;

import java.util.Arrays;
import java.util.Map;

import io.eventwire.samples.orders.OrderServiceApplication;
import io.eventwire.samples.shipping.ShippingServiceApplication;
import org.springframework.boot.SpringApplication;

/**
 * The demo's entry point in a service's JVM: {@code service <name> [--property=value ...]} runs that
 * sample, and ends it when the demo's JVM ends, however that ends.
 */
final class DemoService {

	/** The first program argument of a service's JVM. */
	static final String ARGUMENT = "service";

	private static final Map<String, Class<?>> APPLICATIONS = Map.of("order-service", OrderServiceApplication.class,
			"shipping-service", ShippingServiceApplication.class);

	private DemoService() {
	}

	static void run(String[] args) {
		Class<?> application = APPLICATIONS.get(args[1]);
		if (application == null) {
			throw new IllegalArgumentException("No sample service " + args[1] + "; known: " + APPLICATIONS.keySet());
		}
		// A demo killed with SIGKILL cannot stop its services: they notice and stop themselves.
		ProcessHandle.current().parent().ifPresent((demo) -> demo.onExit().thenRun(() -> System.exit(0)));
		SpringApplication service = new SpringApplication(application);
		service.setMainApplicationClass(application);
		service.run(Arrays.copyOfRange(args, 2, args.length));
	}

}
