package io.eventwire.consume;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.eventwire.EventHeaders;
import io.eventwire.EventUpcaster;
import io.eventwire.dlq.FailureClassifier;
import io.eventwire.metrics.EventMetrics;
import io.eventwire.retry.CircuitBreakerSettings;
import io.eventwire.retry.ConsumerGroupStates;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.Assert;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dispatches an event to the application's translators on the calling thread, without Kafka, as
 * the consumers would: by topic and {@code type}, bound to the handler's payload type and validated,
 * with its metadata. For unit tests of translators: each dispatch says whether the handler ran, or
 * what eventwire would do with its failure (retry it, wait for a dependency, or dead-letter it).
 * The inbox, key order and the retry topic are the consumers' and are not involved.
 */
public final class DirectDispatcher {

	private static final String DEFAULT_GROUP = "service";

	private final Map<String, EventDispatcher> groups = new LinkedHashMap<>();

	private final Map<String, java.util.Set<String>> topics = new LinkedHashMap<>();

	private final JsonMapper jsonMapper;

	private final FailureClassifier failures;

	private final AtomicLong offsets = new AtomicLong();

	private DirectDispatcher(EventHandlerRegistry registry, List<EventUpcaster> upcasterList, JsonMapper jsonMapper,
			FailureClassifier failures) {
		this.jsonMapper = jsonMapper;
		this.failures = failures;
		ConsumerGroupStates states = new ConsumerGroupStates(CircuitBreakerSettings.DISABLED, Clock.systemUTC());
		EventUpcasters upcasters = new EventUpcasters(upcasterList, jsonMapper);
		for (String groupId : registry.groupIds()) {
			this.groups.put(groupId, new EventDispatcher(registry.handlers(groupId), null, EventMetrics.NONE, groupId, true,
					null, states.forGroup(groupId), null, upcasters, ReplayMarks.NONE));
			this.topics.put(groupId, registry.topics(groupId));
		}
	}

	/**
	 * @param translators instances of {@code @EventTranslator} classes (topic placeholders resolve
	 * against system properties and the environment only)
	 * @return a dispatcher to them; their groups without a name of their own are the service's
	 */
	public static DirectDispatcher of(Object... translators) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		for (Object translator : translators) {
			beans.addBean(translator.getClass().getName() + "#" + System.identityHashCode(translator), translator);
		}
		JsonMapper jsonMapper = JsonMapper.builder().build();
		return new DirectDispatcher(EventHandlerRegistry.discover(beans, new StandardEnvironment(), DEFAULT_GROUP,
				jsonMapper, null), List.of(), jsonMapper, new FailureClassifier(List.of()));
	}

	/**
	 * A dispatcher to the handlers the application's consumers dispatch to (the service's group and
	 * the translators' own, with their topic placeholders resolved and payload validation), with their
	 * upcasters: what {@code @EventwireTest} offers as a bean.
	 * @param containers the application's consumers
	 * @param upcasters the application's upcasters, in order
	 * @param jsonMapper binds payloads, as the consumers do
	 * @param failures sorts failures as the consumers' error handler does
	 * @return a dispatcher to the application's translators
	 */
	public static DirectDispatcher of(EventListenerContainers containers, List<EventUpcaster> upcasters,
			JsonMapper jsonMapper, FailureClassifier failures) {
		return new DirectDispatcher(containers.getRegistry(), upcasters, jsonMapper, failures);
	}

	/**
	 * @param topic the topic the event comes from
	 * @param type the event type
	 * @param key the key
	 * @param payload the payload: JSON text, or an object written as JSON
	 * @return what became of it in every group that consumes the topic
	 */
	public Dispatch dispatch(String topic, String type, @Nullable String key, Object payload) {
		return dispatch(topic, type, key, payload, Map.of());
	}

	/**
	 * @param topic the topic the event comes from
	 * @param type the event type
	 * @param key the key
	 * @param payload the payload: JSON text, or an object written as JSON
	 * @param headers further headers (an event id and a correlation id are added unless given)
	 * @return what became of it in every group that consumes the topic
	 */
	public Dispatch dispatch(String topic, String type, @Nullable String key, Object payload,
			Map<String, String> headers) {
		Assert.hasText(topic, "topic must not be blank");
		byte[] value = (payload instanceof String text) ? text.getBytes(StandardCharsets.UTF_8)
				: this.jsonMapper.writeValueAsBytes(payload);
		Map<String, Outcome> outcomes = new LinkedHashMap<>();
		this.groups.forEach((groupId, dispatcher) -> {
			if (this.topics.get(groupId).contains(topic)) {
				outcomes.put(groupId, dispatch(dispatcher, record(topic, type, key, value, headers)));
			}
		});
		return new Dispatch(outcomes);
	}

	private Outcome dispatch(EventDispatcher dispatcher, ConsumerRecord<String, byte[]> record) {
		try {
			return dispatcher.dispatch(record) ? new Outcome(Outcome.Kind.HANDLED, null)
					: new Outcome(Outcome.Kind.SKIPPED, null);
		}
		catch (RuntimeException | Error ex) {
			Outcome.Kind kind = !this.failures.isRetryable(ex) ? Outcome.Kind.DEAD_LETTERED
					: this.failures.isTransient(ex) ? Outcome.Kind.WAITS : Outcome.Kind.RETRIED;
			return new Outcome(kind, ex);
		}
	}

	private ConsumerRecord<String, byte[]> record(String topic, String type, @Nullable String key, byte[] value,
			Map<String, String> headers) {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, 0, this.offsets.getAndIncrement(), key, value);
		record.headers().add(EventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
		Map<String, String> all = new LinkedHashMap<>();
		all.put(EventHeaders.EVENT_ID, UUID.randomUUID().toString());
		all.put(EventHeaders.CORRELATION_ID, UUID.randomUUID().toString());
		all.putAll(headers);
		all.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
		return record;
	}

	/**
	 * What became of one event in each consumer group that consumes its topic.
	 *
	 * @param outcomes by consumer group
	 */
	public record Dispatch(Map<String, Outcome> outcomes) {

		/**
		 * @return the outcome in the only group that consumes the topic
		 * @throws IllegalStateException if none or several do
		 */
		public Outcome outcome() {
			Assert.state(this.outcomes.size() == 1, () -> "The topic is consumed by " + this.outcomes.size()
					+ " groups " + this.outcomes.keySet() + ": ask outcomes() for one of them");
			return this.outcomes.values().iterator().next();
		}

	}

	/**
	 * What became of an event in one group.
	 *
	 * @param kind what eventwire would do
	 * @param failure what the handler threw (or the binding or validation of the payload), or
	 * {@code null}
	 */
	public record Outcome(Kind kind, @Nullable Throwable failure) {

		/**
		 * What eventwire would do with an event.
		 */
		public enum Kind {

			/** A handler ran and returned. */
			HANDLED,

			/** No handler of the group wants its type: skipped, as one topic carries many types. */
			SKIPPED,

			/** The handler failed: retried in place ({@code eventwire.retry.max-retries}), then dead-lettered. */
			RETRIED,

			/** A dependency is unavailable: the event waits and is tried again until it succeeds. */
			WAITS,

			/** Not retryable (a poison event: its payload does not bind or validate, or the handler said so): dead-lettered at once. */
			DEAD_LETTERED

		}

	}

}
