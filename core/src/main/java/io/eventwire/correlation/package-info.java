/**
 * Correlation ids: one id that follows the work across HTTP, MongoDB, the outbox and Kafka.
 */
@NullMarked
package io.eventwire.correlation;

import org.jspecify.annotations.NullMarked;
