/**
 * Pausing a consumer group on every instance of a service: the pauses topic that every instance
 * follows.
 */
@NullMarked
package io.eventwire.pause;

import org.jspecify.annotations.NullMarked;
