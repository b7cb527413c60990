package io.eventwire;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an event type that a bean publishes, on the bean's class (the class that publishes):
 * what a service consumes is known from its {@link OnEvent @OnEvent} methods, what it publishes
 * from these declarations. Together they are the service's contracts, served as an AsyncAPI
 * document at {@code /actuator/asyncapi} and checked for compatibility in tests
 * ({@code io.eventwire.test.EventContracts}).
 * <pre class="code">
 * &#64;Service
 * &#64;PublishesEvent(topic = "orders", type = "order_placed", payload = OrderPlaced.class, version = 2)
 * class OrderService { ... }
 * </pre>
 * The publisher writes the declared version to the {@code schema_version} header of events of that
 * (topic, type) that do not set one themselves. Once a service declares anything, publishing a
 * (topic, type) it did not declare is reported ({@code eventwire.contracts.undeclared}: a WARN once
 * per pair by default, or a failure, or nothing).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(PublishesEvents.class)
public @interface PublishesEvent {

	/**
	 * The topic the events are published to; may contain {@code ${...}} placeholders.
	 * @return the topic
	 */
	String topic();

	/**
	 * The event type, written to the {@code type} header.
	 * @return the type
	 */
	String type();

	/**
	 * The payload's Java type, from which its JSON Schema is generated (Jackson annotations and
	 * Bean Validation constraints are honoured).
	 * @return the payload type
	 */
	Class<?> payload();

	/**
	 * The version of the event type this payload is, 1 or more.
	 * @return the version
	 */
	int version() default 1;

	/**
	 * Whether this version deliberately breaks consumers of the previous one (for which no
	 * {@link EventUpcaster} exists): a compatibility check then lets the change pass, and consumers
	 * must move to this version.
	 * @return whether this version is a declared breaking change
	 */
	boolean breaking() default false;

}
