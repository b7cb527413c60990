package io.eventwire.keyorder;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.eventwire.DependencyUnavailableException;
import io.eventwire.EventHeaders;
import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.LogSafe;
import io.eventwire.internal.RecordDescriptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Keeps the order of each key's events when one of them is dead-lettered, for the service's
 * consumer group: the later events of the key are parked, and once the dead letter is replayed
 * and handled (or discarded) they go through the retry topic after it, in their original order.
 * <p>
 * Two parties act on a key, each on its own consumer thread and only through the parking topic:
 * the consumer of the key's partition parks events; the consumer of the key's partition of the
 * retry topic, where replays and released events of the key arrive in order, releases it. What
 * a release decides is read back from the parking topic, so a race between the two ends with
 * parked events that are released next rather than lost.
 */
public class KeyOrder {

	private static final Logger logger = LoggerFactory.getLogger(KeyOrder.class);

	/** On a released event in the retry topic: where it was parked ({@code partition@offset}). */
	public static final String PARKED_HEADER = "eventwire_parked";

	/** On a release request in the retry topic: the dead letter whose key to release, or empty. */
	public static final String RELEASE_HEADER = "eventwire_release";

	private final ParkingLog log;

	private final KafkaOperations<String, byte[]> kafka;

	private final String retryTopic;

	private final Clock clock;

	private final Duration timeout;

	private volatile CompletableFuture<Void> caughtUp = CompletableFuture.completedFuture(null);

	/**
	 * @param log the parking topic
	 * @param kafka sends released events and release requests to the retry topic
	 * @param retryTopic the service's retry topic
	 * @param clock stamps parked keys and events
	 * @param timeout how long a send may take
	 */
	public KeyOrder(ParkingLog log, KafkaOperations<String, byte[]> kafka, String retryTopic, Clock clock,
			Duration timeout) {
		this.log = log;
		this.kafka = kafka;
		this.retryTopic = retryTopic;
		this.clock = clock;
		this.timeout = timeout;
	}

	/**
	 * @return the parked keys
	 */
	public ParkedKeys keys() {
		return this.log.keys();
	}

	/**
	 * @param record a record of the retry topic
	 * @return whether it asks for a key to be released rather than carrying an event
	 */
	public static boolean isReleaseRequest(ConsumerRecord<?, ?> record) {
		return record.headers().lastHeader(RELEASE_HEADER) != null;
	}

	/**
	 * The consumer was given partitions: nothing there is handled before the parking topic is
	 * read up to its current end, which includes all the previous owner parked.
	 * @param partitions the assigned partitions
	 */
	public void assigned(Collection<TopicPartition> partitions) {
		if (!partitions.isEmpty()) {
			this.caughtUp = this.log.catchUp();
		}
	}

	/**
	 * Decide whether to handle an event the group has a handler for; park it when its key waits.
	 * @param record the record
	 * @param topic the topic it belongs to (the original topic for the retry topic's records)
	 * @return whether to handle it now
	 */
	public boolean shouldHandle(ConsumerRecord<String, byte[]> record, String topic) {
		awaitCaughtUp();
		ParkedKeys keys = this.log.keys();
		if (record.key() == null || keys.isEmpty()) {
			return true;
		}
		TopicKey key = new TopicKey(topic, record.key());
		if (!keys.isParked(key)) {
			return true;
		}
		if (!record.topic().equals(this.retryTopic)) {
			park(record, key);
			return false;
		}
		ParkedId released = releasedId(record);
		if (released == null) {
			// A replay, or a requeue by other tooling: handled, and it may release the key.
			return true;
		}
		KeyState state = keys.state(key);
		// Not parked any more: handled before (a second copy). Parked again: an earlier event of
		// its key failed while it was on its way, and it waits behind that one.
		return keys.contains(key, released) && state != null && state.mode() == KeyState.Mode.RELEASING;
	}

	/**
	 * An event was handled: a replay of the dead letter a key waits behind releases the key, and
	 * the last released event of a key releases what was parked meanwhile, or ends the parking.
	 * @param record the record
	 * @param topic the topic it belongs to
	 */
	public void handled(ConsumerRecord<String, byte[]> record, String topic) {
		if (record.key() == null || !record.topic().equals(this.retryTopic) || this.log.keys().isEmpty()) {
			return;
		}
		TopicKey key = new TopicKey(topic, record.key());
		ParkedId released = releasedId(record);
		if (released != null) {
			if (this.log.keys().contains(key, released)) {
				this.log.write(ParkingRecords.eventRemoved(this.log.topic(), key, released));
			}
			settle(key);
			return;
		}
		KeyState state = this.log.keys().state(key);
		if (state != null && state.mode() == KeyState.Mode.PARKED && isReplayOf(record, state)) {
			logger.info("Dead letter {} of key '{}' on {} was handled again: releasing the key", state.deadLetterId(),
					LogSafe.escape(key.key()), key.topic());
			release(key);
		}
		else {
			settle(key);
		}
	}

	/**
	 * A request on the retry topic to release a key: its dead letter was discarded, or events were
	 * parked after its release ended.
	 * @param record the request
	 */
	public void releaseRequested(ConsumerRecord<String, byte[]> record) {
		String topic = HeaderValues.get(record, EventHeaders.ORIGINAL_TOPIC);
		if (record.key() == null || topic == null) {
			return;
		}
		awaitCaughtUp();
		TopicKey key = new TopicKey(topic, record.key());
		KeyState state = this.log.keys().state(key);
		String deadLetterId = HeaderValues.get(record, RELEASE_HEADER);
		if (state != null && state.mode() == KeyState.Mode.PARKED && state.deadLetterId().equals(deadLetterId)) {
			logger.info("Dead letter {} of key '{}' on {} was discarded: releasing the key", deadLetterId,
					LogSafe.escape(key.key()), key.topic());
			release(key);
		}
		else {
			settle(key);
		}
	}

	/**
	 * An event was dead-lettered: the later events of its key wait behind it.
	 * @param record the record
	 * @param topic the topic it belongs to
	 * @param deadLetterId the dead letter's event id
	 * @param failure why it failed
	 */
	public void deadLettered(ConsumerRecord<String, byte[]> record, String topic, String deadLetterId,
			Throwable failure) {
		if (record.key() == null) {
			return;
		}
		TopicKey key = new TopicKey(topic, record.key());
		KeyState before = this.log.keys().state(key);
		String eventId = HeaderValues.get(record, EventHeaders.EVENT_ID);
		KeyState state = new KeyState(key, KeyState.Mode.PARKED, deadLetterId, (eventId != null) ? eventId : "",
				failure.getClass().getSimpleName() + ": " + failure.getMessage(),
				(before != null) ? before.since() : this.clock.instant(), null);
		this.log.write(ParkingRecords.state(this.log.topic(), state));
		ParkedId released = record.topic().equals(this.retryTopic) ? releasedId(record) : null;
		if (released != null) {
			// It is a dead letter now, no longer a parked event.
			this.log.write(ParkingRecords.eventRemoved(this.log.topic(), key, released));
		}
		logger.warn("Key '{}' of {} is parked behind dead letter {}: its later events wait until that is replayed "
				+ "and handled, or discarded", LogSafe.escape(key.key()), topic, deadLetterId);
	}

	/**
	 * A dead letter was discarded: ask the consumer of the key's retry partition to release it.
	 * @param topic the dead letter's original topic
	 * @param key its key
	 * @param deadLetterId its event id
	 */
	public void discarded(String topic, @Nullable String key, String deadLetterId) {
		if (key == null) {
			return;
		}
		KeyState state = this.log.keys().state(new TopicKey(topic, key));
		if (state != null && state.deadLetterId().equals(deadLetterId)) {
			requestRelease(new TopicKey(topic, key), deadLetterId);
		}
	}

	private void park(ConsumerRecord<String, byte[]> record, TopicKey key) {
		ParkedEvent event = new ParkedEvent(key, new ParkedId(record.partition(), record.offset()),
				this.clock.instant(), record.value(), List.of(record.headers().toArray()));
		this.log.write(ParkingRecords.event(this.log.topic(), event));
		KeyState state = this.log.keys().state(key);
		if (logger.isDebugEnabled()) {
			logger.debug("Parked {}: an earlier event of key '{}' is dead letter {}", RecordDescriptions.describe(record),
					LogSafe.escape(key.key()), (state != null) ? state.deadLetterId() : "(released)");
		}
		if (state == null) {
			// The key's release ended while this was parked: it is released next.
			requestRelease(key, "");
		}
	}

	// Release a key whose release is not under way: when nothing is on its way, the key is released
	// again (events were parked after its release ended, or a release was cut short).
	private void settle(TopicKey key) {
		ParkedKeys keys = this.log.keys();
		KeyState state = keys.state(key);
		if (state == null && keys.events(key).isEmpty()) {
			return;
		}
		if (state != null && (state.mode() == KeyState.Mode.PARKED
				|| (state.releasedUpTo() != null && keys.hasEventsUpTo(key, state.releasedUpTo())))) {
			return;
		}
		release(key);
	}

	// Send the key's parked events to the retry topic, behind the event being handled, and note how
	// far; without any, the key is free. Events parked meanwhile are then released in turn.
	private void release(TopicKey key) {
		ParkedKeys keys = this.log.keys();
		while (true) {
			List<ParkedEvent> parked = keys.events(key);
			if (!parked.isEmpty()) {
				parked.forEach((event) -> send(released(event)));
				KeyState state = keys.state(key);
				KeyState releasing = (state != null) ? state.releasing(parked.get(parked.size() - 1).id())
						: new KeyState(key, KeyState.Mode.RELEASING, "", "", "", parked.get(0).parkedAt(),
								parked.get(parked.size() - 1).id());
				this.log.write(ParkingRecords.state(this.log.topic(), releasing));
				logger.info("Released {} parked event(s) of key '{}' on {} to {}, in their order", parked.size(),
						LogSafe.escape(key.key()), key.topic(), this.retryTopic);
				return;
			}
			this.log.write(ParkingRecords.stateRemoved(this.log.topic(), key));
			if (keys.events(key).isEmpty()) {
				logger.info("Key '{}' on {} is no longer parked", LogSafe.escape(key.key()), key.topic());
				return;
			}
		}
	}

	private ProducerRecord<String, byte[]> released(ParkedEvent event) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.retryTopic, event.key().key(),
				event.value());
		for (Header header : event.headers()) {
			if (!EventHeaders.ORIGINAL_TOPIC.equals(header.key()) && !PARKED_HEADER.equals(header.key())) {
				record.headers().add(header);
			}
		}
		add(record, EventHeaders.ORIGINAL_TOPIC, event.key().topic());
		add(record, PARKED_HEADER, event.id().toString());
		return record;
	}

	private void requestRelease(TopicKey key, String deadLetterId) {
		ProducerRecord<String, byte[]> request = new ProducerRecord<>(this.retryTopic, key.key(), new byte[0]);
		add(request, EventHeaders.ORIGINAL_TOPIC, key.topic());
		add(request, RELEASE_HEADER, deadLetterId);
		send(request);
	}

	private void send(ProducerRecord<String, byte[]> record) {
		try {
			this.kafka.send(record).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DependencyUnavailableException("Interrupted while sending to " + this.retryTopic, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new DependencyUnavailableException("Could not send to the retry topic " + this.retryTopic, ex);
		}
	}

	private void awaitCaughtUp() {
		CompletableFuture<Void> caughtUp = this.caughtUp;
		if (caughtUp.isDone()) {
			return;
		}
		try {
			caughtUp.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DependencyUnavailableException("Interrupted while reading " + this.log.topic(), ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new DependencyUnavailableException("The parked keys in " + this.log.topic()
					+ " were not read in time: events wait until they are, so that none overtakes a parked one", ex);
		}
	}

	// A record that names the event it replays must name the one the key waits behind; one that
	// names none (a requeue by other tooling) is taken for it.
	private static boolean isReplayOf(ConsumerRecord<String, byte[]> record, KeyState state) {
		String original = HeaderValues.get(record, EventHeaders.ORIGINAL_EVENT_ID);
		return original == null || original.isEmpty() || state.failedEventId().isEmpty()
				|| original.equals(state.failedEventId());
	}

	private static @Nullable ParkedId releasedId(ConsumerRecord<String, byte[]> record) {
		String value = HeaderValues.get(record, PARKED_HEADER);
		try {
			return (value != null) ? ParkingRecords.parseId(value) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static void add(ProducerRecord<String, byte[]> record, String name, String value) {
		record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
