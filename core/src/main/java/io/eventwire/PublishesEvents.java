package io.eventwire;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Holds several {@link PublishesEvent @PublishesEvent} declarations of one class; the compiler
 * writes it when {@code @PublishesEvent} is repeated.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PublishesEvents {

	/**
	 * @return the declarations
	 */
	PublishesEvent[] value();

}
