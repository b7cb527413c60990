/**
 * The operator's console: the {@code eventwireConsole} web endpoint, its page, and the protection of
 * its actions.
 */
@NullMarked
package io.eventwire.autoconfigure.console;

import org.jspecify.annotations.NullMarked;
