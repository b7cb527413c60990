package io.eventwire.consume;

import io.eventwire.DependencyUnavailableException;

/**
 * The inbox could not record an event whose handler succeeded. The event waits like any other
 * whose dependency is unavailable, but only the inbox write is tried again: the handler is not.
 */
final class InboxWriteException extends DependencyUnavailableException {

	InboxWriteException(String message, Throwable cause) {
		super(message, cause);
	}

}
