package io.eventwire.kafkaonly;

import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;

/**
 * Applies {@code step} events from the steps topic.
 */
@EventTranslator(topics = "${steps.topic:steps}")
class StepTranslator {

	private final StepJournal journal;

	StepTranslator(StepJournal journal) {
		this.journal = journal;
	}

	@OnEvent("step")
	void step(Step step) {
		this.journal.apply(step);
	}

}
