package io.eventwire.autoconfigure.console;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

import io.eventwire.outbox.OutboxOperations;
import org.jspecify.annotations.Nullable;

/**
 * The console's views, from what the service has: dead letters (with the DLQ), consumer groups
 * (with translators) and the outbox (with MongoDB); a view the service lacks answers 404.
 */
final class ConsoleReads {

	private static final int FAILED_OUTBOX_EVENTS_SHOWN = 100;

	private final String serviceName;

	private final PayloadMasking masking;

	private final @Nullable DeadLetterViews deadLetters;

	private final @Nullable ConsumerViews consumers;

	private final @Nullable OutboxOperations outbox;

	ConsoleReads(String serviceName, PayloadMasking masking, @Nullable DeadLetterViews deadLetters,
			@Nullable ConsumerViews consumers, @Nullable OutboxOperations outbox) {
		this.serviceName = serviceName;
		this.masking = masking;
		this.deadLetters = deadLetters;
		this.consumers = consumers;
		this.outbox = outbox;
	}

	/**
	 * @param writable whether the console's actions are allowed
	 * @return what the page needs first: the service, what it has, and the counts for the tabs
	 */
	Map<String, Object> overview(boolean writable) {
		Map<String, Object> overview = new LinkedHashMap<>();
		overview.put("service", this.serviceName);
		overview.put("writable", writable);
		overview.put("payloads", this.masking.display().name().toLowerCase(java.util.Locale.ROOT));
		overview.put("deadLetters", (this.deadLetters != null) ? this.deadLetters.summary().count() : null);
		overview.put("parkedKeys", (this.deadLetters != null) ? this.deadLetters.parkedKeys().size() : null);
		overview.put("consumers", this.consumers != null);
		overview.put("outbox", (this.outbox != null) ? this.outbox.backlog() : null);
		return overview;
	}

	DeadLetterViews deadLetters() {
		if (this.deadLetters == null) {
			throw new NoSuchElementException("This service has no dead-letter queue (eventwire.dlq.enabled=false)");
		}
		return this.deadLetters;
	}

	ConsumerViews consumers() {
		if (this.consumers == null) {
			throw new NoSuchElementException("This service has no eventwire consumer groups");
		}
		return this.consumers;
	}

	/**
	 * @return the outbox's backlog and its failed events, oldest first
	 */
	Map<String, Object> outbox() {
		if (this.outbox == null) {
			throw new NoSuchElementException("This service has no event outbox (no MongoDB)");
		}
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("backlog", this.outbox.backlog());
		view.put("failed", this.outbox.failed(FAILED_OUTBOX_EVENTS_SHOWN));
		return view;
	}

}
