package io.eventwire.autoconfigure.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetterDetails;
import io.eventwire.dlq.DeadLetterPage;
import io.eventwire.dlq.DeadLetterQuery;
import io.eventwire.dlq.DeadLetterSummary;
import io.eventwire.dlq.DeadLetters;
import io.eventwire.keyorder.KeyOrders;
import io.eventwire.keyorder.KeyState;
import io.eventwire.keyorder.ParkedEvent;
import io.eventwire.keyorder.ParkedKeys;
import io.eventwire.keyorder.TopicKey;
import org.jspecify.annotations.Nullable;

/**
 * What the console shows of the dead letters and the parked keys, with the payloads as
 * {@link PayloadMasking} allows: the list carries no payload at all, one dead letter's view does.
 */
final class DeadLetterViews {

	private final DeadLetters deadLetters;

	private final @Nullable KeyOrders keyOrders;

	private final PayloadMasking masking;

	DeadLetterViews(DeadLetters deadLetters, @Nullable KeyOrders keyOrders, PayloadMasking masking) {
		this.deadLetters = deadLetters;
		this.keyOrders = keyOrders;
		this.masking = masking;
	}

	Listing list(DeadLetterQuery query) {
		DeadLetterPage page = this.deadLetters.page(query);
		List<Row> rows = page.deadLetters().stream().map((letter) -> row(letter, letter.payload())).toList();
		return new Listing(this.deadLetters.summary(), page.page(), page.size(), page.total(), rows);
	}

	Detail detail(String eventId) {
		DeadLetterDetails details = this.deadLetters.details(eventId);
		DeadLetter letter = details.deadLetter();
		String payload = letter.payload();
		return new Detail(row(letter, payload), this.masking.payload(payload), this.masking.headers(details.headers(), payload),
				this.masking.text(details.stackTrace(), payload), letter.payload() != null);
	}

	DeadLetterSummary summary() {
		return this.deadLetters.summary();
	}

	/**
	 * @return the parked keys of every group, the longest waiting first
	 */
	List<ParkedKey> parkedKeys() {
		List<ParkedKey> parked = new ArrayList<>();
		if (this.keyOrders == null) {
			return parked;
		}
		this.keyOrders.byGroup().forEach((group, keyOrder) -> {
			ParkedKeys keys = keyOrder.keys();
			for (TopicKey key : keys.keys()) {
				KeyState state = keys.state(key);
				List<ParkedEvent> events = keys.events(key);
				Instant since = (state != null) ? state.since()
						: events.stream().map(ParkedEvent::parkedAt).min(Comparator.naturalOrder()).orElse(null);
				parked.add(new ParkedKey(group, key.topic(), key.key(), (state != null) ? state.deadLetterId() : "",
						(state != null) ? state.mode().name() : "PARKED", (state != null) ? reason(state) : "",
						events.size(), since));
			}
		});
		parked.sort(Comparator.comparing(ParkedKey::since, Comparator.nullsLast(Comparator.naturalOrder())));
		return parked;
	}

	// The reason may quote the payload, which is not at hand here: its dead letter's row shows it masked.
	private String reason(KeyState state) {
		return (this.masking.display() == ConsoleProperties.PayloadDisplay.FULL) ? state.reason()
				: "see dead letter " + state.deadLetterId();
	}

	private Row row(DeadLetter letter, @Nullable String payload) {
		return new Row(letter.eventId(), letter.originalEventId(), letter.key(), letter.type(), letter.originalTopic(),
				letter.consumerGroup(), letter.correlationId(), letter.exceptionClass(),
				this.masking.text(letter.exceptionMessage(), payload), letter.failedAt(), letter.attempts());
	}

	/**
	 * A page of dead letters.
	 */
	record Listing(DeadLetterSummary summary, int page, int size, long total, List<Row> deadLetters) {
	}

	/**
	 * A dead letter in the list.
	 */
	record Row(String eventId, String originalEventId, @Nullable String key, String type, String originalTopic,
			String consumerGroup, String correlationId, String exceptionClass, @Nullable String exceptionMessage,
			@Nullable Instant failedAt, int attempts) {
	}

	/**
	 * One dead letter: its payload as shown ({@code null} when hidden), every header and the stack
	 * trace.
	 */
	record Detail(Row deadLetter, @Nullable String payload, Map<String, String> headers, @Nullable String stackTrace,
			boolean hasPayload) {
	}

	/**
	 * A key parked behind a dead letter in one group.
	 */
	record ParkedKey(String consumerGroup, String topic, String key, String behind, String mode, String reason,
			int events, @Nullable Instant since) {
	}

}
