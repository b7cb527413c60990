package io.eventwire;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Component;

/**
 * Marks a class whose {@link OnEvent @OnEvent} methods handle events from Kafka.
 * <p>
 * A translator turns inbound events into calls on the application's own ports; it knows nothing
 * about Kafka. Events are dispatched by topic and by their {@code type} header, so several
 * translators may listen on the same topic for different types. All translators of a service share
 * one consumer group (the service name) unless they name their own with {@link #groupId()}.
 * <pre class="code">
 * &#64;EventTranslator(topics = "orders")
 * class OrderEvents {
 *     &#64;OnEvent("order_placed")
 *     void on(OrderPlaced event, EventMetadata metadata) { ... }
 * }
 * </pre>
 * Topic names may contain {@code ${...}} placeholders resolved against the environment.
 *
 * @see OnEvent
 * @see EventMetadata
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface EventTranslator {

	/**
	 * The topics this translator consumes. Must not be empty.
	 * @return the topic names
	 */
	String[] topics();

	/**
	 * The consumer group of this translator. Empty (the default) means the service's group,
	 * {@code eventwire.service-name}, shared with all other translators of the service.
	 * @return the consumer group id, or empty for the service's group
	 */
	String groupId() default "";

}
