package io.eventwire.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.concurrent.ConcurrentHashMap;

import io.eventwire.keyorder.ParkedKeys;
import io.eventwire.retry.ConsumerGroupState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * {@link EventMetrics} as Micrometer counters, each tagged with {@code topic} and {@code type}:
 * <ul>
 * <li>{@code eventwire.events.consumed}: events whose handler returned normally;</li>
 * <li>{@code eventwire.events.failed}: failed attempts to handle an event;</li>
 * <li>{@code eventwire.events.retried}: failed attempts that will be tried again;</li>
 * <li>{@code eventwire.events.dead.lettered}: events published to the dead-letter topic;</li>
 * <li>{@code eventwire.events.replayed}: dead letters replayed through the retry topic.</li>
 * </ul>
 * and, for each consumer group (tag {@code group}): {@code eventwire.consumer.waiting} (1 while it
 * waits for a dependency), {@code eventwire.consumer.wait.duration} (seconds waited in all),
 * {@code eventwire.consumer.circuit.open} (1 while its circuit breaker is open) and
 * {@code eventwire.consumer.circuit.transitions} (tag {@code state}: {@code open}, {@code closed}).
 * A type that no handler of the service declares is tagged {@value #OTHER_TYPE}, and a topic the
 * service does not consume {@value #OTHER_TYPE} too, so input cannot create unbounded tags.
 */
public class MicrometerEventMetrics implements EventMetrics {

	/** The tag value for event types (and topics) the service does not handle. */
	public static final String OTHER_TYPE = "other";

	private final MeterRegistry registry;

	// The types each consumed topic declares.
	private final Map<String, Set<String>> knownTypes = new ConcurrentHashMap<>();

	// Registering a meter on every event costs more than handling a small one: look each up once, by
	// name, topic and type, in maps that need no key object per event.
	private final Map<String, Map<String, Map<String, Counter>>> counters = new ConcurrentHashMap<>();

	/**
	 * @param registry where the counters are registered
	 */
	public MicrometerEventMetrics(MeterRegistry registry) {
		Assert.notNull(registry, "registry must not be null");
		this.registry = registry;
	}

	@Override
	public void register(String topic, String type) {
		this.knownTypes.computeIfAbsent(topic, (known) -> ConcurrentHashMap.newKeySet()).add(type);
	}

	@Override
	public void consumed(String topic, String type) {
		counter("eventwire.events.consumed", "Events whose handler returned normally", topic, type).increment();
	}

	@Override
	public Runnable consumedCounter(String topic, String type) {
		return counter("eventwire.events.consumed", "Events whose handler returned normally", topic, type)::increment;
	}

	@Override
	public void failed(String topic, @Nullable String type) {
		counter("eventwire.events.failed", "Failed attempts to handle an event", topic, type).increment();
	}

	@Override
	public void retried(String topic, String type) {
		counter("eventwire.events.retried", "Failed attempts that are tried again", topic, type).increment();
	}

	@Override
	public void deadLettered(String topic, String type) {
		counter("eventwire.events.dead.lettered", "Events published to the dead-letter topic", topic, type)
			.increment();
	}

	@Override
	public void replayed(String topic, String type) {
		counter("eventwire.events.replayed", "Dead letters replayed through the retry topic", topic, type).increment();
	}

	@Override
	public void consumerGroup(ConsumerGroupState state) {
		String group = state.groupId();
		Gauge.builder("eventwire.consumer.waiting", state, (s) -> s.dependencyWait().isWaiting() ? 1 : 0)
			.description("1 while the consumer group waits for a dependency, 0 otherwise")
			.tag("group", group)
			.register(this.registry);
		FunctionCounter
			.builder("eventwire.consumer.wait.duration", state,
					(s) -> s.dependencyWait().totalWaited().toMillis() / 1000.0)
			.description("Time the consumer group waited for dependencies, in all")
			.baseUnit("seconds")
			.tag("group", group)
			.register(this.registry);
		Gauge.builder("eventwire.consumer.circuit.open", state, (s) -> s.circuitBreaker().isOpen() ? 1 : 0)
			.description("1 while the consumer group's circuit breaker is open, 0 otherwise")
			.tag("group", group)
			.register(this.registry);
		FunctionCounter.builder("eventwire.consumer.circuit.transitions", state, (s) -> s.circuitBreaker().openings())
			.description("Transitions of the consumer group's circuit breaker")
			.tags("group", group, "state", "open")
			.register(this.registry);
		FunctionCounter.builder("eventwire.consumer.circuit.transitions", state, (s) -> s.circuitBreaker().closings())
			.description("Transitions of the consumer group's circuit breaker")
			.tags("group", group, "state", "closed")
			.register(this.registry);
	}

	@Override
	public void keyParallel(String groupId, IntSupplier inFlight, IntSupplier queued) {
		Gauge.builder("eventwire.consumer.in.flight", inFlight, IntSupplier::getAsInt)
			.description("Events the consumer group handles now, or that wait for their next attempt")
			.tag("group", groupId)
			.strongReference(true)
			.register(this.registry);
		Gauge.builder("eventwire.consumer.queued", queued, IntSupplier::getAsInt)
			.description("Events the consumer group took from Kafka that wait for their key or a handler thread")
			.tag("group", groupId)
			.strongReference(true)
			.register(this.registry);
	}

	private Counter counter(String name, String description, String topic, @Nullable String type) {
		Set<String> types = this.knownTypes.get(topic);
		String topicTag = (types != null) ? topic : OTHER_TYPE;
		String typeTag = (types != null && type != null && types.contains(type)) ? type : OTHER_TYPE;
		Map<String, Counter> byType = this.counters.computeIfAbsent(name, (counterName) -> new ConcurrentHashMap<>())
			.computeIfAbsent(topicTag, (byTopic) -> new ConcurrentHashMap<>());
		Counter counter = byType.get(typeTag);
		return (counter != null) ? counter : byType.computeIfAbsent(typeTag, (byTypeTag) -> Counter.builder(name)
			.description(description)
			.tag("topic", topicTag)
			.tag("type", typeTag)
			.register(this.registry));
	}

	@Override
	public void parkedKeys(ParkedKeys keys, String groupId) {
		Gauge.builder("eventwire.dlq.parked.keys", keys, ParkedKeys::keyCount)
			.description("Keys whose events are parked behind a dead letter")
			.tag("group", groupId)
			.register(this.registry);
		Gauge.builder("eventwire.dlq.parked.events", keys, ParkedKeys::eventCount)
			.description("Events parked behind a dead letter of their key")
			.tag("group", groupId)
			.register(this.registry);
		Gauge.builder("eventwire.dlq.parked.oldest.age", keys, MicrometerEventMetrics::oldestAge)
			.description("How long the longest-parked key has waited, 0 when none is parked")
			.baseUnit("seconds")
			.tag("group", groupId)
			.register(this.registry);
	}

	private static double oldestAge(ParkedKeys keys) {
		Instant oldest = keys.oldestParkedAt();
		return (oldest != null) ? Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0) : 0;
	}

}
