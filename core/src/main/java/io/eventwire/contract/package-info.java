/**
 * A service's event contracts, from its code: what it publishes ({@link io.eventwire.PublishesEvent})
 * and handles ({@link io.eventwire.OnEvent}), with JSON Schemas of the payloads; written and read as
 * an AsyncAPI 3.0 document, and compared without a registry (producer against consumer, a release
 * against the previous one).
 */
@NullMarked
package io.eventwire.contract;

import org.jspecify.annotations.NullMarked;
