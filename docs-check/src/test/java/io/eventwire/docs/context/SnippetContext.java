package io.eventwire.docs.context;

import io.eventwire.EventPublisher;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxDaoFactory;
import io.eventwire.test.EventScenario;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What the snippets that are statements or members take from the class around them in a reader's
 * code: its injected beans and the values at hand. Snippets that are whole classes do not see it.
 */
public abstract class SnippetContext {

	protected EventPublisher events;

	protected EventOutbox outbox;

	protected DeadLetters deadLetters;

	protected OutboxDaoFactory daoFactory;

	protected OrderRepository orders;

	protected Order order;

	protected Object payload;

	protected String id;

	protected String eventId;

	protected String knownId;

	protected EventScenario scenario;

	protected MockMvc mvc;

	protected String work() {
		return "done";
	}

	protected long countShipments() {
		return 1;
	}

}
