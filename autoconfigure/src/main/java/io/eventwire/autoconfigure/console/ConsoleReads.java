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
		overview.put("instance", io.eventwire.internal.InstanceName.current());
		overview.put("writable", writable);
		overview.put("payloads", this.masking.display().name().toLowerCase(java.util.Locale.ROOT));
		overview.put("features", Map.of("deadLetters", this.deadLetters != null, "consumers", this.consumers != null,
				"outbox", this.outbox != null));
		// Each count on its own: MongoDB out of reach must not hide the dead letters' count.
		Map<String, Object> counts = new LinkedHashMap<>();
		if (this.deadLetters != null) {
			count(counts, "deadLetters", () -> this.deadLetters.summary().count());
			count(counts, "parkedKeys", () -> this.deadLetters.parkedKeys().size());
		}
		if (this.outbox != null) {
			count(counts, "outboxFailed", () -> this.outbox.backlog().failed());
		}
		overview.put("counts", counts);
		return overview;
	}

	private static void count(Map<String, Object> counts, String name, java.util.function.Supplier<Number> count) {
		try {
			counts.put(name, count.get());
		}
		catch (RuntimeException ex) {
			counts.put(name, null);
			counts.put(name + "Error", String.valueOf(ex.getMessage()));
		}
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
