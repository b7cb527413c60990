package io.eventwire.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link MissingServiceNameException}.
 */
class MissingServiceNameFailureAnalyzer extends AbstractFailureAnalyzer<MissingServiceNameException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingServiceNameException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set spring.application.name (or eventwire.service-name to override it) to a name made of "
						+ "letters, digits, '.', '_' and '-', for example 'order-service'.",
				cause);
	}

}
