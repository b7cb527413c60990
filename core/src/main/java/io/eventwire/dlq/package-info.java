/**
 * Retries and the dead-letter queue: failure classification, the dead-letter publisher, and
 * {@link io.eventwire.dlq.DeadLetters} for inspecting, replaying and discarding dead letters.
 */
@NullMarked
package io.eventwire.dlq;

import org.jspecify.annotations.NullMarked;
