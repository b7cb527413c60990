package io.eventwire.autoconfigure.console;

import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.eventwire.consume.EventConsumers;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetterConflictException;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.dlq.Replay;
import io.eventwire.dlq.ReplayOptions;
import io.eventwire.internal.LogSafe;
import io.eventwire.outbox.OutboxOperations;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The console's actions, each logged with who did it and what (logger {@code io.eventwire.console},
 * INFO) and published as an {@link AuditApplicationEvent} of type {@code EVENTWIRE_CONSOLE}, which
 * Spring Boot records where the application has an {@code AuditEventRepository}.
 */
final class ConsoleActions {

	private static final Logger audit = LoggerFactory.getLogger("io.eventwire.console");

	static final String AUDIT_TYPE = "EVENTWIRE_CONSOLE";

	private final @Nullable DeadLetters deadLetters;

	private final @Nullable EventConsumers consumers;

	private final @Nullable OutboxOperations outbox;

	private final CorrectedPayloads corrections;

	private final PayloadMasking masking;

	private final ApplicationEventPublisher events;

	ConsoleActions(@Nullable DeadLetters deadLetters, @Nullable EventConsumers consumers,
			@Nullable OutboxOperations outbox, CorrectedPayloads corrections, PayloadMasking masking,
			ApplicationEventPublisher events) {
		this.deadLetters = deadLetters;
		this.consumers = consumers;
		this.outbox = outbox;
		this.corrections = corrections;
		this.masking = masking;
		this.events = events;
	}

	Object replay(String eventId, boolean dryRun, @Nullable String payload, SecurityContext who) {
		DeadLetters letters = require(this.deadLetters, "dead letters");
		if (payload != null) {
			if (this.masking.display() != ConsoleProperties.PayloadDisplay.FULL) {
				throw new IllegalArgumentException("A corrected payload can only be given where the console shows "
						+ "payloads in full (eventwire.console.payloads=full)");
			}
			this.corrections.check(letters.details(eventId).deadLetter(), payload);
		}
		Replay replay = letters.replay(eventId, new ReplayOptions(dryRun, payload));
		if (replay.published()) {
			record(who, "replay-dead-letter", eventId,
					(payload != null) ? "with a corrected payload" : "as it was");
		}
		return new ReplayView(replay.deadLetter().eventId(), replay.topic(), replay.key(),
				this.masking.headers(replay.headers(), replay.deadLetter().payload()),
				this.masking.payload(replay.payload()), replay.published());
	}

	List<DeadLetter> replayAll(long expected, SecurityContext who) {
		DeadLetters letters = require(this.deadLetters, "dead letters");
		long pending = letters.summary().count();
		if (pending != expected) {
			throw new DeadLetterConflictException("Nothing replayed: the confirmation was for " + expected
					+ " dead letters, and " + pending + " are pending now. Look again and confirm that number.");
		}
		List<DeadLetter> replayed = letters.replayAll();
		record(who, "replay-all-dead-letters", replayed.size() + " dead letters", "confirmed for " + expected);
		return replayed.stream().map((letter) -> withoutPayload(letter)).toList();
	}

	DeadLetter discard(String eventId, String reason, SecurityContext who) {
		DeadLetter discarded = require(this.deadLetters, "dead letters").discard(eventId);
		record(who, "discard-dead-letter", eventId, reason);
		return withoutPayload(discarded);
	}

	EventConsumers.ConsumerGroup change(String action, String groupId, @Nullable String from, SecurityContext who) {
		EventConsumers groups = require(this.consumers, "consumer groups");
		EventConsumers.ConsumerGroup group = switch (action) {
			case "pause" -> groups.pause(groupId);
			case "resume" -> groups.resume(groupId);
			case "rewind" -> groups.rewind(groupId, (from != null && !from.isBlank()) ? Instant.parse(from) : Instant.EPOCH);
			default -> throw new IllegalArgumentException("Unknown action " + action);
		};
		record(who, action + "-consumer-group", groupId,
				!"rewind".equals(action) ? "" : (from != null && !from.isBlank()) ? "from " + from : "from the beginning");
		return group;
	}

	OutboxOperations.FailedEvent retryOutbox(String id, SecurityContext who) {
		OutboxOperations.FailedEvent event = require(this.outbox, "the outbox").retry(id);
		record(who, "retry-outbox-event", id, "after " + event.attempts() + " attempts: " + event.reason());
		return event;
	}

	OutboxOperations.FailedEvent discardOutbox(String id, String reason, SecurityContext who) {
		OutboxOperations.FailedEvent event = require(this.outbox, "the outbox").discard(id);
		record(who, "discard-outbox-event", id, reason);
		return event;
	}

	private void record(SecurityContext who, String action, String target, String detail) {
		Principal principal = who.getPrincipal();
		String name = (principal != null) ? principal.getName() : "anonymous";
		audit.info("Console: {} did {} on {}{}", LogSafe.escape(name), action, LogSafe.escape(target),
				detail.isEmpty() ? "" : " (" + LogSafe.escape(detail) + ")");
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("action", action);
		data.put("target", target);
		data.put("detail", detail);
		this.events.publishEvent(new AuditApplicationEvent(name, AUDIT_TYPE, data));
	}

	private static DeadLetter withoutPayload(DeadLetter letter) {
		return new DeadLetter(letter.eventId(), letter.originalEventId(), letter.key(), letter.type(),
				letter.originalTopic(), letter.correlationId(), letter.service(), letter.consumerGroup(),
				letter.exceptionClass(), "", letter.failedAt(), letter.attempts(), letter.partition(), letter.offset(),
				null, letter.parkedBehind());
	}

	private static <T> T require(@Nullable T operations, String what) {
		if (operations == null) {
			throw new UnsupportedOperationException("This service has no " + what + " to act on");
		}
		return operations;
	}

	/**
	 * What a replay published, or would publish, as the console may show it.
	 */
	record ReplayView(String eventId, String topic, @Nullable String key, Map<String, String> headers,
			@Nullable String payload, boolean published) {
	}

}
