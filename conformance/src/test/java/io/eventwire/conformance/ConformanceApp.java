package io.eventwire.conformance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The eventwire service of the conformance suite: it handles orders from its own topic and from a
 * topic hexkit's publisher writes to, and refuses {@code order_refused} events for good.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ConformanceApp.Orders.class)
class ConformanceApp {

	static final String SERVICE = "conformance";

	static final String ORDERS = "conformance-orders";

	static final String OUTBOX = "conformance-outbox";

	static final String RESOURCES = "conformance-resources";

	static final String FROM_HEXKIT = "conformance-from-hexkit";

	static final String RETRY = "retry-" + SERVICE;

	static final String DLQ = "dlq";

	/** Accented Latin, a dash, CJK and an emoji outside the Basic Multilingual Plane. */
	static final String TEXT = "Müller – Zürich 東京 😀";

	record Order(String id, String customer) {
	}

	record Received(Order order, EventMetadata metadata) {
	}

	@EventTranslator(topics = { ORDERS, FROM_HEXKIT })
	static class Orders {

		final Map<String, Received> received = new ConcurrentHashMap<>();

		@OnEvent("order_placed")
		void placed(Order order, EventMetadata metadata) {
			this.received.put(order.id(), new Received(order, metadata));
		}

		@OnEvent("order_refused")
		void refused(Order order) {
			throw new NonRetryableEventException("Kein Versand an " + order.customer());
		}

	}

}
