package io.eventwire.consume;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

import io.eventwire.EventMetadata;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@code @OnEvent} method, ready to bind payloads and be invoked.
 */
final class EventHandlerMethod {

	private enum PayloadKind {

		BYTES, STRING, JSON_NODE, BOUND

	}

	private final Object bean;

	private final Method method;

	private final String description;

	private final PayloadKind payloadKind;

	private final ObjectReader reader;

	private final boolean wantsMetadata;

	private final @Nullable PayloadValidator validator;

	private final int version;

	private final boolean replays;

	EventHandlerMethod(Object bean, Method method, String description, JsonMapper jsonMapper,
			@Nullable PayloadValidator validator) {
		this(bean, method, description, jsonMapper, validator, 1, true);
	}

	/**
	 * @param version the version of the event type the payload parameter is
	 * @param replays whether rewound events reach the method ({@code OnEvent#replay()})
	 */
	EventHandlerMethod(Object bean, Method method, String description, JsonMapper jsonMapper,
			@Nullable PayloadValidator validator, int version, boolean replays) {
		this.version = version;
		this.replays = replays;
		this.bean = bean;
		this.method = method;
		this.description = description;
		Class<?> payloadType = method.getParameterTypes()[0];
		this.payloadKind = payloadKind(payloadType);
		// The declared parameter type alone decides what is instantiated: no type ids from the input.
		this.reader = jsonMapper.readerFor(jsonMapper.constructType(method.getGenericParameterTypes()[0]));
		this.wantsMetadata = method.getParameterCount() == 2;
		this.validator = validator;
		ReflectionUtils.makeAccessible(method);
	}

	private static PayloadKind payloadKind(Class<?> type) {
		if (type == byte[].class) {
			return PayloadKind.BYTES;
		}
		if (type == String.class) {
			return PayloadKind.STRING;
		}
		if (JsonNode.class.isAssignableFrom(type)) {
			return PayloadKind.JSON_NODE;
		}
		return PayloadKind.BOUND;
	}

	/**
	 * Whether the payload parameter asks for validation, with Jakarta's {@code @Valid} or Spring's
	 * {@code @Validated}; matched by name so that neither needs to be on the class path.
	 */
	static boolean wantsValidation(Method method) {
		for (java.lang.annotation.Annotation annotation : method.getParameterAnnotations()[0]) {
			String name = annotation.annotationType().getName();
			if (name.equals("jakarta.validation.Valid")
					|| name.equals("org.springframework.validation.annotation.Validated")) {
				return true;
			}
		}
		return false;
	}

	static String describe(Method method) {
		return method.getName() + Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", ", "(", ")"));
	}

	/**
	 * @return the version of the event type the payload parameter is
	 */
	int version() {
		return this.version;
	}

	boolean wantsMetadata() {
		return this.wantsMetadata;
	}

	boolean replays() {
		return this.replays;
	}

	Type payloadType() {
		return this.method.getGenericParameterTypes()[0];
	}

	String description() {
		return this.description;
	}

	/**
	 * Bind a record value to the payload parameter.
	 * @throws EventPayloadException if the value is missing, not JSON or does not bind
	 */
	Object bind(byte @Nullable [] value, String type) {
		if (value == null) {
			throw new EventPayloadException("Event " + type + " has no value (null payload)", null);
		}
		try {
			return switch (this.payloadKind) {
				case BYTES -> value;
				case STRING -> new String(value, StandardCharsets.UTF_8);
				case JSON_NODE, BOUND -> {
					Object bound = this.reader.readValue(value);
					if (bound == null) {
						throw new EventPayloadException("Event " + type + " has the payload null", null);
					}
					if (this.validator != null) {
						this.validator.validate(bound, type);
					}
					yield bound;
				}
			};
		}
		catch (JacksonException ex) {
			throw new EventPayloadException("Payload of event " + type + " does not bind to "
					+ this.method.getGenericParameterTypes()[0].getTypeName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	void invoke(Object payload, @Nullable EventMetadata metadata) {
		try {
			if (this.wantsMetadata) {
				this.method.invoke(this.bean, payload, metadata);
			}
			else {
				this.method.invoke(this.bean, payload);
			}
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getTargetException();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new EventHandlingException("Handler " + this.description + " failed", cause);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot invoke " + this.description, ex);
		}
	}

}
