package io.eventwire.samples.shipping;

import io.eventwire.NonRetryableEventException;

/**
 * An order that can never be shipped: retrying cannot help, so eventwire sends the event to the
 * dead-letter topic at once, where an operator can inspect it and replay or discard it.
 */
public class UnshippableOrderException extends NonRetryableEventException {

	UnshippableOrderException(String message) {
		super(message);
	}

}
