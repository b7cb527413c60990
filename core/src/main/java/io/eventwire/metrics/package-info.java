/**
 * Metrics of event handling.
 */
@NullMarked
package io.eventwire.metrics;

import org.jspecify.annotations.NullMarked;
