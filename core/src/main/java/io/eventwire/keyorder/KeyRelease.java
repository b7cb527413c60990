package io.eventwire.keyorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.eventwire.DependencyUnavailableException;
import io.eventwire.EventHeaders;
import io.eventwire.internal.Ascii;
import io.eventwire.internal.KafkaSends;
import io.eventwire.internal.LogSafe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Releases parked keys through the retry topic: the parked events go there behind the event being
 * handled, so that the consumer of the key's retry partition handles them in order; what was
 * released is written to the parking topic before the next of them is handled.
 */
final class KeyRelease {

	/** The most parked events of one key released at once. */
	static final int CHUNK_EVENTS = 100;

	/** The most bytes of payload of one key released at once (at least one event is). */
	static final long CHUNK_BYTES = 4 * 1024 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(KeyRelease.class);

	private final ParkingLog log;

	private final KafkaOperations<String, byte[]> kafka;

	private final String retryTopic;

	private final Duration timeout;

	// The group whose keys these are, named on what goes to the retry topic; null: the service's group.
	private final @Nullable String groupId;

	KeyRelease(ParkingLog log, KafkaOperations<String, byte[]> kafka, String retryTopic, Duration timeout,
			@Nullable String groupId) {
		this.log = log;
		this.kafka = kafka;
		this.retryTopic = retryTopic;
		this.timeout = timeout;
		this.groupId = groupId;
	}

	// Release a key whose release is not under way: when nothing is on its way, the key is released
	// again (events were parked after its release ended, or a release was cut short).
	void settle(TopicKey key) {
		ParkedKeys keys = this.log.keys();
		KeyState state = keys.state(key);
		if (state == null && !keys.hasEvents(key)) {
			return;
		}
		if (state != null && (state.mode() == KeyState.Mode.PARKED
				|| (state.releasedUpTo() != null && keys.hasEventsUpTo(key, state.releasedUpTo())))) {
			return;
		}
		release(key);
	}

	// Send the key's first parked events to the retry topic, behind the event being handled, and note
	// how far; without any, the key is free. The rest follow a chunk at a time, each once the one
	// before has been handled (settle), so that what a release holds in memory is bounded however
	// many events a key has parked, and other keys' events on the retry partition pass in between.
	void release(TopicKey key) {
		ParkedKeys keys = this.log.keys();
		while (true) {
			List<ParkedEvent> parked = keys.firstEvents(key, CHUNK_EVENTS);
			if (!parked.isEmpty()) {
				Map<Long, ConsumerRecord<String, byte[]>> stored = this.log
					.fetch(parked.stream().map(ParkedEvent::logOffset).sorted().toList());
				List<ProducerRecord<String, byte[]>> released = new ArrayList<>(parked.size());
				ParkedEvent last = null;
				long bytes = 0;
				for (ParkedEvent event : parked) {
					ConsumerRecord<String, byte[]> record = stored.get(event.logOffset());
					if (record != null && ParkingRecords.isReference(record)) {
						record = this.log.fetchOriginal(event);
					}
					if (record == null) {
						// Only a parking topic that is not compacted (retention deleted it) loses one.
						logger.error("Parked event {} of key '{}' on {} is no longer in {}: it cannot be released",
								LogSafe.escape(event.eventId()), LogSafe.escape(key.key()), LogSafe.escape(key.topic()),
								this.log.topic());
						this.log.write(ParkingRecords.eventRemoved(this.log.topic(), key, event.id()));
						continue;
					}
					if (last != null && bytes + record.serializedValueSize() > CHUNK_BYTES) {
						break;
					}
					released.add(released(event, record));
					bytes += Math.max(0, record.serializedValueSize());
					last = event;
				}
				if (last == null) {
					continue;
				}
				// Sent together: one producer keeps their order within the key's partition.
				send(released);
				KeyState state = keys.state(key);
				KeyState releasing = (state != null) ? state.releasing(last.id())
						: new KeyState(key, KeyState.Mode.RELEASING, "", "", "", parked.get(0).parkedAt(), last.id());
				this.log.write(ParkingRecords.state(this.log.topic(), releasing));
				logger.info("Released {} parked event(s) of key '{}' on {} to {}, in their order", released.size(),
						LogSafe.escape(key.key()), LogSafe.escape(key.topic()), this.retryTopic);
				return;
			}
			this.log.write(ParkingRecords.stateRemoved(this.log.topic(), key));
			if (!keys.hasEvents(key)) {
				logger.info("Key '{}' on {} is no longer parked", LogSafe.escape(key.key()), LogSafe.escape(key.topic()));
				return;
			}
		}
	}

	// From the event's copy in the parking topic, or (parked by reference) from its own record.
	private ProducerRecord<String, byte[]> released(ParkedEvent event, ConsumerRecord<String, byte[]> stored) {
		boolean copy = stored.topic().equals(this.log.topic());
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.retryTopic, event.key().key(),
				Ascii.jsonIfValid(copy ? ParkingRecords.value(stored) : stored.value()));
		// Header values as the event had them: the retry topic is read by this service alone, and
		// header text is not JSON, so an escape would reach its handler as it is.
		for (Header header : copy ? ParkingRecords.headers(stored) : List.of(stored.headers().toArray())) {
			if (!EventHeaders.ORIGINAL_TOPIC.equals(header.key()) && !KeyOrder.PARKED_HEADER.equals(header.key())
					&& !EventHeaders.CONSUMER_GROUP.equals(header.key())) {
				record.headers().add(header);
			}
		}
		add(record, EventHeaders.ORIGINAL_TOPIC, event.key().topic());
		add(record, KeyOrder.PARKED_HEADER, event.id().toString());
		addGroup(record);
		return record;
	}

	void requestRelease(TopicKey key, String deadLetterId) {
		ProducerRecord<String, byte[]> request = new ProducerRecord<>(this.retryTopic, key.key(), new byte[0]);
		add(request, EventHeaders.ORIGINAL_TOPIC, key.topic());
		add(request, KeyOrder.RELEASE_HEADER, deadLetterId);
		addGroup(request);
		send(List.of(request));
	}

	private void send(List<ProducerRecord<String, byte[]>> records) {
		try {
			KafkaSends.sendAndWait(this.kafka, records, this.timeout);
		}
		catch (KafkaSends.SendFailedException ex) {
			throw new DependencyUnavailableException("Could not send to the retry topic " + this.retryTopic, ex);
		}
	}

	private void addGroup(ProducerRecord<String, byte[]> record) {
		if (this.groupId != null) {
			add(record, EventHeaders.CONSUMER_GROUP, this.groupId);
		}
	}

	private static void add(ProducerRecord<String, byte[]> record, String name, String value) {
		record.headers().add(name, Ascii.text(value));
	}

}
