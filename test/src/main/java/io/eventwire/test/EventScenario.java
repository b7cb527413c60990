package io.eventwire.test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.eventwire.correlation.CorrelationId;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.util.function.ThrowingConsumer;

/**
 * Drives a test the way events drive a service: publish an event, or call the application, under a
 * correlation id of its own, then wait for the events that caused, recognised by that correlation
 * id on every topic. What earlier tests published on the same broker does not get in the way.
 * <pre class="code">
 * &#64;EventwireTest
 * class ShippingTests {
 *
 *     &#64;Autowired
 *     EventScenario scenario;
 *
 *     &#64;Test
 *     void aPlacedOrderIsShipped() {
 *         scenario.publish("orders", "order_placed", "o-1", new OrderPlaced("o-1", "NL"))
 *             .andWaitForEvent("shipment_created")
 *             .toArriveAndVerify((created) -&gt; assertThat(created.key()).isEqualTo("o-1"));
 *     }
 * }
 * </pre>
 * An {@link EventwireTest} has one as a bean; elsewhere build it on an {@link EventRecorder} and close
 * it when done. Safe for use by one test at a time.
 */
public final class EventScenario implements AutoCloseable {

	private final EventRecorder recorder;

	private final Set<String> publishedByScenarios = ConcurrentHashMap.newKeySet();

	private @Nullable Recording recording;

	private final @Nullable DeadLetters deadLetters;

	/**
	 * @param recorder publishes the scenarios' events and records every topic
	 */
	public EventScenario(EventRecorder recorder) {
		this(recorder, null);
	}

	/**
	 * @param recorder publishes the scenarios' events and records every topic
	 * @param deadLetters the service's dead letters, for {@link ScenarioRun#andWaitForDeadLetter()}
	 */
	public EventScenario(EventRecorder recorder, @Nullable DeadLetters deadLetters) {
		Assert.notNull(recorder, "recorder must not be null");
		this.recorder = recorder;
		this.deadLetters = deadLetters;
	}

	/**
	 * Publish an event, as another service would, under a new correlation id.
	 * @param topic the topic
	 * @param type the event type
	 * @param key the key
	 * @param payload the payload, written as JSON with the application's mapper
	 * @return the run, to wait for what the event causes
	 */
	public ScenarioRun publish(String topic, String type, String key, Object payload) {
		return newRun().andPublish(topic, type, key, payload);
	}

	/**
	 * Call the application under a new correlation id: it is current on the calling thread (so
	 * events published or stored in the call carry it) and handed to the action (to send it, for
	 * example, as the {@code X-Correlation-ID} header of a MockMvc request).
	 * @param action what the test does
	 * @return the run, to wait for what the call causes
	 */
	public ScenarioRun stimulate(ThrowingConsumer<String> action) {
		return newRun().andStimulate(action);
	}

	private ScenarioRun newRun() {
		recording();
		return new ScenarioRun(this, CorrelationId.generate());
	}

	// Started before the first run's stimulus, so that whatever a run causes is recorded; not with
	// the bean, so that a test that never runs a scenario asks the broker nothing.
	private synchronized Recording recording() {
		if (this.recording == null) {
			this.recording = this.recorder.startAll();
		}
		return this.recording;
	}

	String publish(String correlationId, String topic, String type, String key, Object payload) {
		try (CorrelationId.Scope scope = CorrelationId.open(correlationId)) {
			String eventId = this.recorder.publish(topic, type, key, payload);
			this.publishedByScenarios.add(eventId);
			return eventId;
		}
	}

	/** The events recorded with the correlation id, but for those a scenario published itself. */
	synchronized List<RecordedEvent> caused(String correlationId) {
		return recording().events().stream().filter(causedBy(correlationId)).toList();
	}

	synchronized List<RecordedEvent> await(String correlationId, String expected, Predicate<RecordedEvent> filter,
			int count, Duration timeout) {
		try {
			return recording().awaitEvents(causedBy(correlationId).and(filter), count, timeout);
		}
		catch (AssertionError ex) {
			throw new AssertionError("Expected " + count + " " + expected + " with correlation id " + correlationId
					+ " within " + timeout + "; the run caused: " + caused(correlationId));
		}
	}

	List<DeadLetter> deadLetters(String correlationId) {
		Assert.state(this.deadLetters != null, "This scenario has no DeadLetters (is eventwire.dlq.enabled false?)");
		return this.deadLetters.list()
			.stream()
			.filter((letter) -> correlationId.equals(letter.correlationId()))
			.toList();
	}

	private Predicate<RecordedEvent> causedBy(String correlationId) {
		return (event) -> correlationId.equals(event.correlationId())
				&& !this.publishedByScenarios.contains(event.eventId());
	}

	/**
	 * Stop recording.
	 */
	@Override
	public synchronized void close() {
		if (this.recording != null) {
			this.recording.close();
		}
	}

}
