/**
 * Helpers for testing services built with eventwire: recording and expecting events.
 */
@NullMarked
package io.eventwire.test;

import org.jspecify.annotations.NullMarked;
