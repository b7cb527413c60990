package io.eventwire.test;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.springframework.util.Assert;

/**
 * An event a {@link ScenarioRun} waits for: of a type, carrying the run's correlation id, and
 * matching what the test adds. Immutable: each method returns a new expectation.
 */
public final class ExpectedEvent {

	private final ScenarioRun run;

	private final String type;

	private final Predicate<RecordedEvent> filter;

	private final Duration timeout;

	ExpectedEvent(ScenarioRun run, String type, Predicate<RecordedEvent> filter, Duration timeout) {
		this.run = run;
		this.type = type;
		this.filter = filter;
		this.timeout = timeout;
	}

	/**
	 * @param condition what the event must also satisfy
	 * @return the narrowed expectation
	 */
	public ExpectedEvent matching(Predicate<RecordedEvent> condition) {
		Assert.notNull(condition, "condition must not be null");
		return new ExpectedEvent(this.run, this.type, this.filter.and(condition), this.timeout);
	}

	/**
	 * @param timeout how long to wait (30 seconds unless set)
	 * @return the expectation with that timeout
	 */
	public ExpectedEvent within(Duration timeout) {
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
		return new ExpectedEvent(this.run, this.type, this.filter, timeout);
	}

	/**
	 * Wait for the event.
	 * @return the first such event
	 * @throws AssertionError if none arrived in time, listing what was recorded
	 */
	public RecordedEvent toArrive() {
		return toArrive(1).get(0);
	}

	/**
	 * Wait for a number of such events.
	 * @param count how many
	 * @return the matching events recorded by then (at least {@code count})
	 * @throws AssertionError if fewer arrived in time
	 */
	public List<RecordedEvent> toArrive(int count) {
		Predicate<RecordedEvent> expected = (event) -> this.type.equals(event.type()) && this.filter.test(event);
		return this.run.awaitCaused("'" + this.type + "' events", expected, count, this.timeout);
	}

	/**
	 * Wait for the event and verify it.
	 * @param verification assertions on the event
	 * @return the event
	 */
	public RecordedEvent toArriveAndVerify(Consumer<RecordedEvent> verification) {
		RecordedEvent event = toArrive();
		verification.accept(event);
		return event;
	}

}
