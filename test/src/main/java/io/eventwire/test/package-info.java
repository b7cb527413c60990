/**
 * Test support for services built with eventwire: {@link io.eventwire.test.EventwireTest} (the
 * service on an embedded broker and an in-memory MongoDB), {@link io.eventwire.test.EventScenario}
 * (what an event or a call causes), {@link io.eventwire.test.PublishedEvents} (the events a unit
 * publishes) and {@link io.eventwire.test.EventRecorder} (recording topics, publishing test events).
 */
@NullMarked
package io.eventwire.test;

import org.jspecify.annotations.NullMarked;
