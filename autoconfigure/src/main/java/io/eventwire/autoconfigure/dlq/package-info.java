/**
 * Auto-configuration of the dead-letter queue's operations and actuator endpoint.
 */
@NullMarked
package io.eventwire.autoconfigure.dlq;

import org.jspecify.annotations.NullMarked;
