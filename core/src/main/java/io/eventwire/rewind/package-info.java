/**
 * Rewinding a consumer group on every instance of a service: the rewinds topic that every instance
 * follows, the stop, the move of the group's offsets, and the marks of rewound events.
 */
@NullMarked
package io.eventwire.rewind;

import org.jspecify.annotations.NullMarked;
