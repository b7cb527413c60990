/**
 * The transactional outbox: events stored in MongoDB with the business change, and the lease-based
 * relay that publishes them to Kafka.
 */
@NullMarked
package io.eventwire.outbox;

import org.jspecify.annotations.NullMarked;
