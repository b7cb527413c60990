package io.eventwire.autoconfigure;

import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;

/**
 * One translator, for context-runner tests: eventwire's consumer side exists only where there are
 * translators.
 */
@EventTranslator(topics = "auto-config-orders")
public class OneTranslator {

	@OnEvent("order_placed")
	void placed(String event) {
	}

}
