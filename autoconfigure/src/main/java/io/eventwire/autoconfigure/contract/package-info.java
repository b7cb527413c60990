/**
 * Auto-configuration of the service's event contracts and the {@code asyncapi} endpoint.
 */
@NullMarked
package io.eventwire.autoconfigure.contract;

import org.jspecify.annotations.NullMarked;
