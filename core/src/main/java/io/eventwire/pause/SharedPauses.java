package io.eventwire.pause;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.eventwire.consume.EventListenerContainers;
import io.eventwire.consume.GroupPauses;
import io.eventwire.internal.CompactedTopicReader;
import io.eventwire.internal.KafkaSends;
import io.eventwire.internal.LogSafe;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.Assert;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pauses that hold on every instance of the service: the service's pauses topic
 * ({@code pauses-<service>}, one partition, compacted, keyed by consumer group) keeps whether each
 * group is paused; every instance follows it and pauses or resumes its own consumers of the group
 * (Spring Kafka's container pause: the assignment is kept, nothing more is fetched). An instance
 * that starts holds its groups paused until it has read the topic (30 seconds at most), so that
 * one starting while its group is paused handles nothing; a pause outlives restarts.
 */
public final class SharedPauses implements GroupPauses, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SharedPauses.class);

	// How long consumers are held at startup for the topic: not forever when it cannot be read.
	private static final Duration HOLD_LIMIT = Duration.ofSeconds(30);

	private final KafkaOperations<String, byte[]> kafka;

	private final String topic;

	private final JsonMapper json;

	private final Duration timeout;

	private final EventListenerContainers containers;

	private final String instance;

	private final Clock clock;

	private final CompactedTopicReader reader;

	private final Map<String, GroupPause> pauses = new ConcurrentHashMap<>();

	// Groups paused at startup until the topic was read; guarded by this.
	private final Set<String> heldUntilRead = ConcurrentHashMap.newKeySet();

	private boolean read;

	private volatile boolean running;

	/**
	 * @param consumers creates the reader's consumer
	 * @param kafka writes the pauses
	 * @param topic the pauses topic
	 * @param json reads and writes the pauses
	 * @param timeout how long a write and reading it back may take
	 * @param containers this instance's consumers
	 * @param instance this instance's name, recorded with each pause
	 * @param clock when
	 */
	public SharedPauses(Supplier<Consumer<String, byte[]>> consumers, KafkaOperations<String, byte[]> kafka, String topic,
			JsonMapper json, Duration timeout, EventListenerContainers containers, String instance, Clock clock) {
		Assert.hasText(topic, "topic must not be blank");
		this.kafka = kafka;
		this.topic = topic;
		this.json = json;
		this.timeout = timeout;
		this.containers = containers;
		this.instance = instance;
		this.clock = clock;
		this.reader = new CompactedTopicReader(consumers, topic, this::read, "the pauses topic",
				"pauses and resumes of consumer groups are not followed", timeout);
	}

	@Override
	public void pause(String groupId) {
		publish(new GroupPause(groupId, true, this.instance, this.clock.instant()));
	}

	@Override
	public void resume(String groupId) {
		publish(new GroupPause(groupId, false, this.instance, this.clock.instant()));
	}

	@Override
	public boolean isPauseRequested(String groupId) {
		GroupPause pause = this.pauses.get(groupId);
		return pause != null && pause.paused();
	}

	/**
	 * @param groupId a consumer group
	 * @return its latest pause or resume, if it was ever paused
	 */
	public @Nullable GroupPause pauseOf(String groupId) {
		return this.pauses.get(groupId);
	}

	private void publish(GroupPause pause) {
		long offset;
		try {
			offset = KafkaSends.sendAndWait(this.kafka,
					new ProducerRecord<>(this.topic, 0, pause.groupId(), this.json.writeValueAsBytes(pause)), this.timeout)
				.getRecordMetadata()
				.offset();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Consumer group '" + pause.groupId() + "' was not "
					+ (pause.paused() ? "paused" : "resumed") + ": the pauses topic " + this.topic + " took no write: " + ex,
					ex);
		}
		this.reader.awaitPosition(offset + 1);
	}

	private synchronized void read(ConsumerRecord<String, byte[]> record) {
		if (record.value() == null) {
			return;
		}
		GroupPause pause = this.json.readValue(record.value(), GroupPause.class);
		this.pauses.put(pause.groupId(), pause);
		if (this.read) {
			apply(pause.groupId(), pause.paused());
		}
	}

	// Every group held at startup takes the state the topic has for it.
	private synchronized void released() {
		this.read = true;
		for (String groupId : this.heldUntilRead) {
			GroupPause pause = this.pauses.get(groupId);
			if (pause != null && pause.paused()) {
				logger.info("eventwire consumer group '{}' stays paused: it was paused on every instance by {} at {}",
						groupId, LogSafe.escape(pause.requestedBy()), pause.requestedAt());
			}
			apply(groupId, pause != null && pause.paused());
		}
		this.heldUntilRead.clear();
	}

	private void apply(String groupId, boolean paused) {
		for (MessageListenerContainer container : this.containers.getContainers()) {
			if (groupId.equals(container.getGroupId()) && container.isPauseRequested() != paused) {
				if (paused) {
					container.pause();
				}
				else {
					container.resume();
				}
				logger.info("eventwire consumer group '{}' {} on this instance", groupId, paused ? "pauses" : "resumes");
			}
		}
	}

	@Override
	public synchronized void start() {
		if (!this.read) {
			// Held until the topic is read: a container paused before it starts fetches nothing.
			for (MessageListenerContainer container : this.containers.getContainers()) {
				if (!container.isPauseRequested()) {
					container.pause();
					this.heldUntilRead.add(String.valueOf(container.getGroupId()));
				}
			}
		}
		this.reader.start();
		this.reader.catchUp()
			.thenApply((caughtUp) -> true)
			.completeOnTimeout(false, HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
			.thenAcceptAsync((caughtUp) -> {
				if (!caughtUp && !this.heldUntilRead.isEmpty()) {
					logger.warn("The pauses topic {} was not read within {}: eventwire's consumer groups start; one "
							+ "paused on every instance handles events here until the topic is read (is it missing?)",
							this.topic, HOLD_LIMIT);
				}
				released();
			});
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.reader.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return EventListenerContainers.PHASE - 2;
	}

}
