package io.eventwire;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of an {@link EventTranslator @EventTranslator} (no parameters) that runs once per
 * rewind of the translator's consumer group ({@code EventConsumers.rewind}), on the instance that
 * asked for it, after every instance stopped handling the group's events and before any of them
 * handles a rewound one: the place to clear the read model the group rebuilds. A method that throws
 * aborts the rewind: no offset moves, and the group continues where it was.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnRewind {

}
