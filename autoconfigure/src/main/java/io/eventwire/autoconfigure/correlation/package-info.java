/**
 * Auto-configuration of correlation ids at the application's edges.
 */
@NullMarked
package io.eventwire.autoconfigure.correlation;

import org.jspecify.annotations.NullMarked;
