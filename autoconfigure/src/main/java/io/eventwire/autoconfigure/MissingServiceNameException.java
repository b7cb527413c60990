package io.eventwire.autoconfigure;

/**
 * Thrown at startup when eventwire has no usable service name.
 */
public class MissingServiceNameException extends RuntimeException {

	MissingServiceNameException(String message) {
		super(message);
	}

}
