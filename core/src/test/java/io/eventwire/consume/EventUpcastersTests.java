package io.eventwire.consume;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.eventwire.EventUpcaster;
import io.eventwire.NonRetryableEventException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The chains of upcasters, without a broker: checked at startup, run one step at a time, and the
 * {@code schema_version} header read.
 */
class EventUpcastersTests {

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	@Test
	void aPayloadIsUpcastOneStepAtATime() {
		EventUpcasters upcasters = new EventUpcasters(List.of(step(2, "c"), step(1, "b")), this.jsonMapper);

		byte[] upcast = upcasters.upcast("orders", "placed", 1, 3, utf8("{\"steps\":\"a\"}"));

		assertThat(new String(upcast, StandardCharsets.UTF_8)).isEqualTo("{\"steps\":\"abc\"}");
		assertThat(upcasters.hasAny("orders")).isTrue();
		assertThat(upcasters.hasAny("payments")).isFalse();
	}

	@Test
	void aHandlerNeedsEveryStepUpToItsVersion() {
		EventUpcasters upcasters = new EventUpcasters(List.of(step(1, "b")), this.jsonMapper);
		upcasters.check("orders", "placed", handler(2));

		assertThatExceptionOfType(InvalidEventHandlerException.class)
			.isThrownBy(() -> upcasters.check("orders", "placed", handler(3)))
			.withMessageContaining("it handles version 3 of 'placed' on orders, but no EventUpcaster turns version 2 into 3");
		assertThatExceptionOfType(InvalidEventHandlerException.class)
			.isThrownBy(() -> upcasters.check("payments", "placed", handler(2)))
			.withMessageContaining("no EventUpcaster turns version 1 into 2");
	}

	@Test
	void twoUpcastersForOneStepAreRefused() {
		assertThatExceptionOfType(InvalidEventHandlerException.class)
			.isThrownBy(() -> new EventUpcasters(List.of(step(1, "b"), step(1, "x")), this.jsonMapper))
			.withMessageContaining("two EventUpcasters turn version 1 of 'placed' on orders into the next");
	}

	@Test
	void anUpcasterThatFailsMakesTheEventPoisonWithTheReason() {
		EventUpcasters upcasters = new EventUpcasters(List.of(EventUpcaster.of("orders", "placed", 1, (payload) -> {
			throw new ClassCastException("not an object");
		})), this.jsonMapper);

		assertThatExceptionOfType(EventPayloadException.class)
			.isThrownBy(() -> upcasters.upcast("orders", "placed", 1, 2, utf8("[]")))
			.withMessageContaining("EventUpcaster of 'placed' on orders from version 1 failed")
			.withMessageContaining("not an object");
		assertThatExceptionOfType(EventPayloadException.class)
			.isThrownBy(() -> upcasters.upcast("orders", "placed", 1, 2, utf8("{not json")))
			.withMessageContaining("could not be upcast from version 1 to 2");
	}

	@Test
	void theSchemaVersionHeaderIsADecimalIntegerAndItsAbsenceMeansOne() {
		assertThat(Upcasting.version(null)).isEqualTo(1);
		assertThat(Upcasting.version(new RecordHeader("schema_version", utf8("7")))).isEqualTo(7);
		for (String wrong : List.of("0", "-1", "two", "", "1.5")) {
			assertThatExceptionOfType(NonRetryableEventException.class)
				.isThrownBy(() -> Upcasting.version(new RecordHeader("schema_version", utf8(wrong))))
				.withMessageContaining("is no version");
		}
	}

	// Appends a letter to the "steps" field: the order of the steps shows in the result.
	private static EventUpcaster step(int from, String letter) {
		return EventUpcaster.of("orders", "placed", from, (payload) -> {
			ObjectNode node = (ObjectNode) payload;
			return node.put("steps", node.path("steps").asString() + letter);
		});
	}

	private EventHandlerMethod handler(int version) {
		Method method = ReflectionUtils.findMethod(Handler.class, "placed", String.class);
		return new EventHandlerMethod(new Handler(), method, "Handler#placed(String)", this.jsonMapper, null, version, true);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static class Handler {

		void placed(String payload) {
		}

	}

}
