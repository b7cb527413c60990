package io.eventwire.autoconfigure.contract;

import io.eventwire.contract.InvalidEventDeclarationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidEventDeclarationException}: which {@code @PublishesEvent} declarations
 * contradict each other.
 */
class InvalidEventDeclarationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidEventDeclarationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidEventDeclarationException cause) {
		return new FailureAnalysis("The service's @PublishesEvent declarations are wrong: " + cause.getMessage() + ".",
				"Declare each (topic, type) the service publishes once, with a topic, a type, the payload class and the "
						+ "version it publishes (1 or more); where several classes publish it, give them the same declaration.",
				cause);
	}

}
