package io.eventwire.autoconfigure.consume;

import io.eventwire.consume.InvalidEventHandlerException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidEventHandlerException}: which translator and method, and what to fix.
 */
class InvalidEventHandlerFailureAnalyzer extends AbstractFailureAnalyzer<InvalidEventHandlerException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidEventHandlerException cause) {
		String where = cause.getTranslatorClass() + ((cause.getMethod() != null) ? "#" + cause.getMethod() : "");
		String description = "The event translator " + where + " is declared wrongly: " + cause.getProblem() + ".";
		String action = "Fix " + where + ". An @EventTranslator names at least one topic, and each @OnEvent method "
				+ "has a non-blank event type, takes the payload (a record, POJO, JsonNode, String or byte[]) and "
				+ "optionally EventMetadata, and is the only handler of its (topic, type) in its consumer group.";
		return new FailureAnalysis(description, action, cause);
	}

}
