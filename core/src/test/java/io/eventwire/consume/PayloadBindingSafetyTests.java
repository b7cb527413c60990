package io.eventwire.consume;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A payload binds to the handler's declared parameter type only: type ids in the input
 * ({@code @class}, {@code @type}) never make Jackson instantiate the class they name, and nesting
 * beyond Jackson's stream read constraints is refused.
 */
class PayloadBindingSafetyTests {

	private static final String NAMES_A_CLASS = "{\"@class\":\"java.io.File\",\"@type\":\"java.net.URL\","
			+ "\"path\":\"/etc/passwd\"}";

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	@Test
	void typeIdsInTheInputAreOrdinaryProperties() {
		Object untyped = handler("untyped").bind(NAMES_A_CLASS.getBytes(StandardCharsets.UTF_8), "t");
		assertThat(untyped).isInstanceOf(Map.class).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsEntry("@class", "java.io.File");
		Object map = handler("map").bind(NAMES_A_CLASS.getBytes(StandardCharsets.UTF_8), "t");
		assertThat(map).isInstanceOf(Map.class);
	}

	@Test
	void nestingBeyondTheStreamReadConstraintsIsRefused() {
		String deep = "[".repeat(10_000) + "]".repeat(10_000);
		assertThatExceptionOfType(EventPayloadException.class)
			.isThrownBy(() -> handler("untyped").bind(deep.getBytes(StandardCharsets.UTF_8), "t"))
			.withMessageContaining("does not bind");
	}

	private EventHandlerMethod handler(String name) {
		Method method = ReflectionUtils.findMethod(Handlers.class, name, (Class<?>[]) null);
		return new EventHandlerMethod(new Handlers(), method, name, this.jsonMapper, null);
	}

	static class Handlers {

		void untyped(Object payload) {
		}

		void map(Map<String, Object> payload) {
		}

	}

}
