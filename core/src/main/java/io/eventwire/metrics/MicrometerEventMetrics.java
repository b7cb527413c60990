package io.eventwire.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
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
 * A type that no handler of the service declares is tagged {@value #OTHER_TYPE}, and a topic the
 * service does not consume {@value #OTHER_TYPE} too, so input cannot create unbounded tags.
 */
public class MicrometerEventMetrics implements EventMetrics {

	/** The tag value for event types (and topics) the service does not handle. */
	public static final String OTHER_TYPE = "other";

	private final MeterRegistry registry;

	// The types each consumed topic declares.
	private final Map<String, Set<String>> knownTypes = new ConcurrentHashMap<>();

	// Registering a meter on every event costs more than handling a small one: look each up once.
	private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();

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

	private Counter counter(String name, String description, String topic, @Nullable String type) {
		Set<String> types = this.knownTypes.get(topic);
		String topicTag = (types != null) ? topic : OTHER_TYPE;
		String typeTag = (types != null && type != null && types.contains(type)) ? type : OTHER_TYPE;
		return this.counters.computeIfAbsent(new CounterKey(name, topicTag, typeTag),
				(key) -> Counter.builder(name)
					.description(description)
					.tag("topic", topicTag)
					.tag("type", typeTag)
					.register(this.registry));
	}

	private record CounterKey(String name, String topic, String type) {
	}

}
