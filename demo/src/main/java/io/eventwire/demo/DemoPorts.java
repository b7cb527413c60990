package io.eventwire.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * The HTTP ports of the two services: the ones the README names (8080 and 8081), or the next free
 * ones where those are taken; or free ephemeral ports.
 *
 * @param orderService the order service's port
 * @param shippingService the shipping service's port
 * @param preferredOrderService the port the order service would have liked (0: any)
 * @param preferredShippingService the port the shipping service would have liked (0: any)
 */
record DemoPorts(int orderService, int shippingService, int preferredOrderService, int preferredShippingService) {

	private static final int SEARCH = 100;

	static DemoPorts preferring(int orderService, int shippingService) {
		// Only the service whose port is taken moves: the order service skips the shipping service's.
		int order = firstFree(orderService, shippingService);
		return new DemoPorts(order, firstFree(shippingService, order), orderService, shippingService);
	}

	static DemoPorts ephemeral() {
		int order = firstFree(0, -1);
		int shipping = firstFree(0, order);
		return new DemoPorts(order, shipping, 0, 0);
	}

	/**
	 * Say which service did not get the port the README promises, and which it got instead.
	 */
	void describeChanges(PrintStream out) {
		describe(out, "order-service", this.preferredOrderService, this.orderService);
		describe(out, "shipping-service", this.preferredShippingService, this.shippingService);
	}

	private static void describe(PrintStream out, String service, int preferred, int actual) {
		if (preferred != 0 && preferred != actual) {
			out.printf("Port %d is taken: %s listens on port %d instead.%n", preferred, service, actual);
		}
	}

	private static int firstFree(int from, int except) {
		if (from == 0) {
			while (true) {
				int port = tryBind(0);
				if (port != except) {
					return port;
				}
			}
		}
		for (int port = from; port < from + SEARCH; port++) {
			if (port != except && tryBind(port) == port) {
				return port;
			}
		}
		throw new IllegalStateException("No free port in " + from + ".." + (from + SEARCH - 1));
	}

	private static int tryBind(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			if (port == 0) {
				throw new UncheckedIOException("No free ephemeral port", ex);
			}
			return -1;
		}
	}

}
