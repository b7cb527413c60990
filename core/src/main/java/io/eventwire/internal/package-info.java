/**
 * Internal helpers of eventwire. Not part of the public API: they may change without notice.
 */
@NullMarked
package io.eventwire.internal;

import org.jspecify.annotations.NullMarked;
