package io.eventwire.consume;

/**
 * Validates bound payloads of handlers whose payload parameter is annotated {@code @Valid} (Jakarta
 * Bean Validation) or {@code @Validated} (Spring).
 */
@FunctionalInterface
public interface PayloadValidator {

	/**
	 * @param payload a bound payload
	 * @param type the event type, for the message
	 * @throws EventValidationException if the payload is not valid
	 */
	void validate(Object payload, String type);

}
