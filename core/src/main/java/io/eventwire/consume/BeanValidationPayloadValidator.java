package io.eventwire.consume;

import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.util.Assert;

/**
 * A {@link PayloadValidator} backed by a Jakarta Bean Validation {@link Validator}. The message
 * names the violated properties and constraints, never the invalid values.
 */
public class BeanValidationPayloadValidator implements PayloadValidator {

	private final Validator validator;

	/**
	 * @param validator the validator
	 */
	public BeanValidationPayloadValidator(Validator validator) {
		Assert.notNull(validator, "validator must not be null");
		this.validator = validator;
	}

	@Override
	public void validate(Object payload, String type) {
		Set<ConstraintViolation<Object>> violations = this.validator.validate(payload);
		if (!violations.isEmpty()) {
			throw new EventValidationException("Payload of event " + type + " is not valid: " + violations.stream()
				.map((violation) -> violation.getPropertyPath() + " " + violation.getMessage())
				.sorted(Comparator.naturalOrder())
				.collect(Collectors.joining(", ")));
		}
	}

}
