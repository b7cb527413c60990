/**
 * Per-key order under dead letters: once an event is dead-lettered, the later events of its key
 * are parked until the dead letter is replayed or discarded, and are then handled in order.
 * <p>
 * The parked keys and events live in a compacted topic the service owns
 * ({@code parked-<service>}), read in full by every instance, so that whoever takes over a
 * partition knows its parked keys before it handles anything there.
 */
@NullMarked
package io.eventwire.keyorder;

import org.jspecify.annotations.NullMarked;
