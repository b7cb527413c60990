package io.eventwire.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's ports: the README's where free, else the next free one, and it says so.
 */
class DemoPortsTests {

	@Test
	void aTakenPortMovesOnlyThatServiceAndIsAnnounced() throws Exception {
		int free;
		try (ServerSocket probe = new ServerSocket(0)) {
			free = probe.getLocalPort();
		}
		try (ServerSocket taken = new ServerSocket(0)) {
			DemoPorts ports = DemoPorts.preferring(taken.getLocalPort(), free);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ports.describeChanges(new PrintStream(out, true, StandardCharsets.UTF_8));

			assertThat(ports.orderService()).isNotEqualTo(taken.getLocalPort()).isNotEqualTo(free);
			assertThat(ports.shippingService()).isEqualTo(free);
			assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
					"Port %d is taken: order-service listens on port %d instead.%n".formatted(
					taken.getLocalPort(), ports.orderService()));
		}
	}

	@Test
	void freePreferredPortsAreKeptSilently() throws Exception {
		int order;
		int shipping;
		try (ServerSocket first = new ServerSocket(0); ServerSocket second = new ServerSocket(0)) {
			order = first.getLocalPort();
			shipping = second.getLocalPort();
		}
		DemoPorts ports = DemoPorts.preferring(order, shipping);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ports.describeChanges(new PrintStream(out, true, StandardCharsets.UTF_8));

		assertThat(ports.orderService()).isEqualTo(order);
		assertThat(ports.shippingService()).isEqualTo(shipping);
		assertThat(out.size()).isZero();
	}

}
