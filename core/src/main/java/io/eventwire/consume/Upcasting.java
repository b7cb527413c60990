package io.eventwire.consume;

import java.nio.charset.StandardCharsets;

import io.eventwire.EventHeaders;
import io.eventwire.NonRetryableEventException;
import io.eventwire.dispatch.Delivery;
import io.eventwire.dispatch.DispatchChain;
import io.eventwire.dispatch.DispatchStep;
import io.eventwire.internal.LogSafe;
import org.apache.kafka.common.header.Header;

/**
 * The dispatch step that upcasts the payload of an event older than its handler
 * ({@link io.eventwire.OnEvent#version()}), from the version in its {@code schema_version} header
 * (none means 1), with the application's {@link io.eventwire.EventUpcaster}s. An event at the
 * handler's version or newer goes on untouched: reading one header is all it costs.
 */
final class Upcasting implements DispatchStep {

	private final EventUpcasters upcasters;

	Upcasting(EventUpcasters upcasters) {
		this.upcasters = upcasters;
	}

	@Override
	public boolean apply(Delivery delivery, DispatchChain next) {
		EventRoutes.Route route = delivery.route(EventRoutes.Route.class);
		int wanted = route.handler().version();
		int version = version(delivery.record().headers().lastHeader(EventHeaders.SCHEMA_VERSION));
		byte[] value = delivery.payload();
		if (version < wanted && value != null) {
			delivery.payload(this.upcasters.upcast(delivery.topic(), route.type(), version, wanted, value));
		}
		return next.proceed(delivery);
	}

	/**
	 * @return the version the header says, 1 without one
	 * @throws NonRetryableEventException when the header is no version
	 */
	static int version(Header header) {
		if (header == null || header.value() == null) {
			return 1;
		}
		String text = new String(header.value(), StandardCharsets.UTF_8);
		try {
			int version = Integer.parseInt(text);
			if (version >= 1) {
				return version;
			}
		}
		catch (NumberFormatException ex) {
			// Refused below.
		}
		throw new NonRetryableEventException("The schema_version header '" + LogSafe.escape(text)
				+ "' is no version (a decimal integer, 1 or more)");
	}

}
