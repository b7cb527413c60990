/**
 * An application in a JVM of its own, for fault tests that kill it.
 */
@NullMarked
package io.eventwire.test.process;

import org.jspecify.annotations.NullMarked;
