package io.eventwire.test;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.eventwire.correlation.CorrelationId;
import io.eventwire.dlq.DeadLetter;
import org.springframework.util.function.ThrowingConsumer;

import static org.awaitility.Awaitility.await;

/**
 * One run of an {@link EventScenario}: what the test did under its correlation id, and the events
 * that caused.
 */
public final class ScenarioRun {

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	private final EventScenario scenario;

	private final String correlationId;

	ScenarioRun(EventScenario scenario, String correlationId) {
		this.scenario = scenario;
		this.correlationId = correlationId;
	}

	/**
	 * @return the run's correlation id, carried by every event it caused
	 */
	public String correlationId() {
		return this.correlationId;
	}

	/**
	 * Publish a further event under the run's correlation id (a second delivery of the same event,
	 * for example).
	 * @param topic the topic
	 * @param type the event type
	 * @param key the key
	 * @param payload the payload
	 * @return this run
	 */
	public ScenarioRun andPublish(String topic, String type, String key, Object payload) {
		this.scenario.publish(this.correlationId, topic, type, key, payload);
		return this;
	}

	/**
	 * Call the application again under the run's correlation id.
	 * @param action what the test does, given the correlation id
	 * @return this run
	 */
	public ScenarioRun andStimulate(ThrowingConsumer<String> action) {
		try (CorrelationId.Scope scope = CorrelationId.open(this.correlationId)) {
			action.accept(this.correlationId,
					(message, ex) -> new IllegalStateException("The scenario's action failed", ex));
		}
		return this;
	}

	/**
	 * @param type the event type to wait for, on any topic
	 * @return the expectation, to narrow and then wait for
	 */
	public ExpectedEvent andWaitForEvent(String type) {
		return new ExpectedEvent(this, type, (event) -> true, DEFAULT_TIMEOUT);
	}

	/**
	 * Wait until an event of the run is dead-lettered by the service.
	 * @return the first dead letter with the run's correlation id
	 * @throws IllegalStateException if the scenario has no {@code DeadLetters}
	 */
	public DeadLetter andWaitForDeadLetter() {
		return await().atMost(DEFAULT_TIMEOUT)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.scenario.deadLetters(this.correlationId), (letters) -> !letters.isEmpty())
			.get(0);
	}

	/**
	 * Wait until the application's state, as the supplier reads it, is as expected (a read model
	 * updated by a handler, for example).
	 * @param <T> the state's type
	 * @param state reads the state
	 * @param expected whether it is as expected
	 * @return the state as expected
	 */
	public <T> T andWaitForStateChange(Supplier<T> state, Predicate<? super T> expected) {
		return await().atMost(DEFAULT_TIMEOUT).until(state::get, expected::test);
	}

	/**
	 * @return the events the run caused so far, without waiting (not those it published itself)
	 */
	public List<RecordedEvent> events() {
		return this.scenario.caused(this.correlationId);
	}

	/**
	 * @param type an event type
	 * @return the events of the type the run caused so far, without waiting
	 */
	public List<RecordedEvent> events(String type) {
		return events().stream().filter((event) -> type.equals(event.type())).toList();
	}

	List<RecordedEvent> awaitCaused(String expected, Predicate<RecordedEvent> filter, int count, Duration timeout) {
		return this.scenario.await(this.correlationId, expected, filter, count, timeout);
	}

}
