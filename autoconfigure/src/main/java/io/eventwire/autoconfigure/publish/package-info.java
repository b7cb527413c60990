/**
 * Auto-configuration of publishing.
 */
@NullMarked
package io.eventwire.autoconfigure.publish;

import org.jspecify.annotations.NullMarked;
