/**
 * A Kafka broker in a separate process, for fault tests that kill and restart it.
 */
@NullMarked
package io.eventwire.test.broker;

import org.jspecify.annotations.NullMarked;
