/**
 * Publishing events straight to Kafka with eventwire's standard headers.
 */
@NullMarked
package io.eventwire.publish;

import org.jspecify.annotations.NullMarked;
