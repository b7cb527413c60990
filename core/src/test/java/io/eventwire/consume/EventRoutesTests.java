package io.eventwire.consume;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.eventwire.metrics.EventMetrics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class EventRoutesTests {

	private final List<String> counted = new ArrayList<>();

	private final EventMetrics metrics = new EventMetrics() {

		@Override
		public void consumed(String topic, String type) {
			EventRoutesTests.this.counted.add(topic + "/" + type);
		}

	};

	private final EventHandlerMethod placed = handler();

	private final EventHandlerMethod shipped = handler();

	private final EventRoutes routes = new EventRoutes(
			Map.of("orders", Map.of("order_placed", this.placed, "Bestellung_geändert", this.shipped)), this.metrics);

	@Test
	void matchesTheTypeHeaderOnItsUtf8Bytes() {
		EventRoutes.Route route = this.routes.route("orders", bytes("order_placed"));
		assertThat(route).isNotNull();
		assertThat(route.type()).isEqualTo("order_placed");
		assertThat(route.handler()).isSameAs(this.placed);
		EventRoutes.Route umlaut = this.routes.route("orders", bytes("Bestellung_geändert"));
		assertThat(umlaut).isNotNull();
		assertThat(umlaut.handler()).isSameAs(this.shipped);
	}

	@Test
	void findsNothingForOtherTypesTopicsOrNoType() {
		assertThat(this.routes.route("orders", bytes("order_place"))).isNull();
		assertThat(this.routes.route("orders", bytes("order_placed "))).isNull();
		assertThat(this.routes.route("orders", bytes("ORDER_PLACED"))).isNull();
		assertThat(this.routes.route("orders", "Bestellung_geändert".getBytes(StandardCharsets.ISO_8859_1))).isNull();
		assertThat(this.routes.route("orders", new byte[0])).isNull();
		assertThat(this.routes.route("orders", null)).isNull();
		assertThat(this.routes.route("payments", bytes("order_placed"))).isNull();
	}

	@Test
	void eachRouteCountsUnderItsTopicAndType() {
		this.routes.route("orders", bytes("order_placed")).consumed().run();
		this.routes.route("orders", bytes("Bestellung_geändert")).consumed().run();
		assertThat(this.counted).containsExactly("orders/order_placed", "orders/Bestellung_geändert");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static EventHandlerMethod handler() {
		try {
			Method method = Handlers.class.getDeclaredMethod("on", String.class);
			return new EventHandlerMethod(new Handlers(), method, "on(String)", JsonMapper.builder().build(), null);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static class Handlers {

		void on(String payload) {
		}

	}

}
