/**
 * Spring Boot auto-configuration for eventwire: properties and what all capabilities share.
 */
@NullMarked
package io.eventwire.autoconfigure;

import org.jspecify.annotations.NullMarked;
