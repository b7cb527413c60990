package io.eventwire.rewind;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.eventwire.consume.EventListenerContainers;
import io.eventwire.internal.CompactedTopicReader;
import io.eventwire.internal.KafkaSends;
import io.eventwire.internal.LogSafe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.util.Assert;

/**
 * The service's rewinds topic ({@code rewinds-<service>}, one partition, compacted, keyed by
 * consumer group): the latest {@link RewindState} of each group, written by the instance that
 * rewinds and followed by every instance, which tells its listeners of each new state on the
 * reader's thread. Read to its end at startup, before the consumers start.
 */
public final class RewindLog implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RewindLog.class);

	private final KafkaOperations<String, byte[]> kafka;

	private final String topic;

	private final JsonMapper json;

	private final Duration timeout;

	private final CompactedTopicReader reader;

	private final Map<String, RewindState> states = new ConcurrentHashMap<>();

	private final List<Consumer<RewindState>> listeners = new CopyOnWriteArrayList<>();

	private final List<Runnable> whenCaughtUp = new CopyOnWriteArrayList<>();

	/**
	 * @param consumers creates the reader's consumer
	 * @param kafka writes the states
	 * @param topic the rewinds topic
	 * @param json reads and writes the states
	 * @param timeout how long a write, reading it back and its listeners may take
	 */
	public RewindLog(Supplier<org.apache.kafka.clients.consumer.Consumer<String, byte[]>> consumers,
			KafkaOperations<String, byte[]> kafka, String topic, JsonMapper json, Duration timeout) {
		Assert.hasText(topic, "topic must not be blank");
		this.kafka = kafka;
		this.topic = topic;
		this.json = json;
		this.timeout = timeout;
		this.reader = new CompactedTopicReader(consumers, topic, this::read, "the rewinds topic",
				"rewinds of consumer groups are not followed", timeout);
	}

	/**
	 * @param listener told of each new state, on the reader's thread
	 */
	public void addListener(Consumer<RewindState> listener) {
		this.listeners.add(listener);
	}

	/**
	 * @param groupId a consumer group
	 * @return its latest rewind, if it was ever rewound
	 */
	public Optional<RewindState> state(String groupId) {
		return Optional.ofNullable(this.states.get(groupId));
	}

	/**
	 * @param task run (on another thread) once the topic was read to the end it had at startup
	 */
	public void whenCaughtUp(Runnable task) {
		this.whenCaughtUp.add(task);
	}

	/**
	 * @return the latest rewind of every group ever rewound
	 */
	public java.util.Collection<RewindState> states() {
		return java.util.List.copyOf(this.states.values());
	}

	/**
	 * Write a state and wait until this instance has read it back and its listeners have acted on it.
	 * @param state the state
	 */
	public void publish(RewindState state) {
		long offset = KafkaSends.sendAndWait(this.kafka, new ProducerRecord<>(this.topic, 0, state.groupId(),
				this.json.writeValueAsBytes(state)), this.timeout).getRecordMetadata().offset();
		this.reader.awaitPosition(offset + 1);
	}

	private void read(ConsumerRecord<String, byte[]> record) {
		if (record.value() == null) {
			return;
		}
		RewindState state = this.json.readValue(record.value(), RewindState.class);
		RewindState earlier = this.states.get(state.groupId());
		// Newer rewinds, and later phases of the same one, only.
		if (earlier != null && (earlier.rewind() > state.rewind()
				|| (earlier.rewind() == state.rewind() && earlier.phase().compareTo(state.phase()) >= 0))) {
			return;
		}
		this.states.put(state.groupId(), state);
		for (Consumer<RewindState> listener : this.listeners) {
			try {
				listener.accept(state);
			}
			catch (RuntimeException ex) {
				logger.error("Acting on rewind {} of consumer group '{}' ({}) failed: {}", state.rewind(), state.groupId(),
						state.phase(), LogSafe.escape(ex.toString()), ex);
			}
		}
	}

	// The startup does not wait: an instance whose broker is away must start at once, and one that
	// starts during a rewind stops the group as soon as it has read it (the rewind waits for that).
	@Override
	public void start() {
		this.reader.start();
		this.reader.catchUp().thenRunAsync(() -> this.whenCaughtUp.forEach(Runnable::run));
	}

	@Override
	public void stop() {
		this.reader.stop();
	}

	@Override
	public boolean isRunning() {
		return this.reader.isRunning();
	}

	// Read before the consumers start (and before first reads are told), stopped after they stop.
	@Override
	public int getPhase() {
		return EventListenerContainers.PHASE - 2;
	}

}
