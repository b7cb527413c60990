/**
 * Auto-configuration of translators and their listener containers.
 */
@NullMarked
package io.eventwire.autoconfigure.consume;

import org.jspecify.annotations.NullMarked;
