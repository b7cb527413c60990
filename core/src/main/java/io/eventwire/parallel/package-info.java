/**
 * Events of different keys of one partition handled side by side, each key in order: a consumer
 * thread hands its records to per-key lanes, a bounded pool of handler threads runs them, and the
 * partition's committed offset never passes an event that is not finished. Retries, dependency
 * waits, the circuit breaker and dead letters hold only their key. Internal to eventwire: the
 * setting is {@code eventwire.consumer.parallelism}.
 */
@NullMarked
package io.eventwire.parallel;

import org.jspecify.annotations.NullMarked;
