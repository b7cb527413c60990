package io.eventwire;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.eventwire.internal.OnEventReflectiveProcessor;
import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a method of an {@link EventTranslator @EventTranslator} as the handler of one event type.
 * <p>
 * The first parameter receives the payload, bound from the record's JSON value to the declared
 * type: a record or POJO (bound by Jackson), {@code tools.jackson.databind.JsonNode},
 * {@code String} (the raw text) or {@code byte[]} (the raw bytes). An optional second parameter of
 * type {@link EventMetadata} receives the event's coordinates and headers. The declared type alone
 * decides how the payload is read; no type information from the event itself is trusted.
 * <p>
 * The record's offset is committed after the method returns. A method that throws is retried and
 * then, depending on configuration, the event goes to the dead-letter topic.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
// The method and its payload type get reflection hints in AOT processing (native images).
@Reflective(OnEventReflectiveProcessor.class)
public @interface OnEvent {

	/**
	 * The event type this method handles, matched against the record's {@code type} header.
	 * Must not be blank; each (topic, type) may have one handler per consumer group.
	 * @return the event type
	 */
	String value();

	/**
	 * The version of the event type that the payload parameter's type is. Events of an older
	 * version (their {@code schema_version} header says so; no header means 1) are upcast to it
	 * first by the application's {@link EventUpcaster}s, one step at a time, which must cover every
	 * step from 1 up to this version (the startup fails otherwise). Events of a newer version are
	 * bound as they are: unknown fields are ignored.
	 * @return the version, 1 or more
	 */
	int version() default 1;

	/**
	 * Whether this method also handles events handled again because the consumer group was rewound
	 * ({@code EventConsumers.rewind}): {@code false} for side effects that must not be repeated in a
	 * rebuild (sending an e-mail), which are then skipped for rewound events.
	 * @return whether rewound events reach this method
	 */
	boolean replay() default true;

}
