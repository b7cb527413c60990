/**
 * Micrometer observation conventions for eventwire's Kafka producer and listener containers: the
 * event's correlation id and event id become span tags.
 */
@NullMarked
package io.eventwire.observation;

import org.jspecify.annotations.NullMarked;
