/**
 * The test auto-configuration behind {@link io.eventwire.test.AutoConfigureEventwire}.
 */
@NullMarked
package io.eventwire.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
