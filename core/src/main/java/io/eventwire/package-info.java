/**
 * eventwire's public API: translators ({@link io.eventwire.EventTranslator},
 * {@link io.eventwire.OnEvent}), event metadata and publishing.
 */
@NullMarked
package io.eventwire;

import org.jspecify.annotations.NullMarked;
