/**
 * Consuming events: discovery of {@link io.eventwire.EventTranslator translators}, dispatch by
 * topic and type, payload binding and the listener containers.
 */
@NullMarked
package io.eventwire.consume;

import org.jspecify.annotations.NullMarked;
