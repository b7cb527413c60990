/**
 * Auto-configuration of the transactional outbox.
 */
@NullMarked
package io.eventwire.autoconfigure.outbox;

import org.jspecify.annotations.NullMarked;
