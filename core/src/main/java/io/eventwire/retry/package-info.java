/**
 * How a consumer group rides out failures that are not the event's fault: waiting for a dependency
 * that is unavailable, and a circuit breaker that stops dead-lettering when every event fails.
 */
@NullMarked
package io.eventwire.retry;

import org.jspecify.annotations.NullMarked;
