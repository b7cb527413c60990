package io.eventwire.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.eventwire.EventHeaders;
import io.eventwire.internal.Ascii;
import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.LogSafe;
import io.eventwire.internal.Uuids;
import io.eventwire.keyorder.KeyOrder;
import io.eventwire.metrics.EventMetrics;
import io.eventwire.publish.EventProducer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.util.Assert;

/**
 * {@link DeadLetters} read from the dead-letter topic with a consumer of the service's own
 * {@code dlq-<service>} group, assigned to every partition (no group membership, so nothing is
 * rebalanced), and replayed through {@link EventProducer}. With {@link KeyOrder}, the events
 * parked behind the dead letters are listed after them, and discarding a dead letter releases its
 * key.
 */
public class KafkaDeadLetters implements DeadLetters {

	private static final Logger logger = LoggerFactory.getLogger(KafkaDeadLetters.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ConsumerFactory<String, byte[]> consumerFactory;

	private final EventProducer producer;

	private final String topic;

	private final String serviceName;

	private final String retryTopic;

	private final EventMetrics metrics;

	private final @Nullable KeyOrder keyOrder;

	private final @Nullable ParkedLetters parked;

	/**
	 * @param consumerFactory creates the consumer that reads the dead-letter topic
	 * @param producer sends replayed events
	 * @param topic the dead-letter topic
	 * @param serviceName the service whose dead letters these are
	 * @param retryTopic the service's retry topic
	 * @param metrics counts replays
	 */
	public KafkaDeadLetters(ConsumerFactory<String, byte[]> consumerFactory, EventProducer producer, String topic,
			String serviceName, String retryTopic, EventMetrics metrics) {
		this(consumerFactory, producer, topic, serviceName, retryTopic, metrics, null);
	}

	/**
	 * @param consumerFactory creates the consumer that reads the dead-letter topic
	 * @param producer sends replayed events
	 * @param topic the dead-letter topic
	 * @param serviceName the service whose dead letters these are
	 * @param retryTopic the service's retry topic
	 * @param metrics counts replays
	 * @param keyOrder the keys parked behind dead letters, or {@code null} when key order is off
	 */
	public KafkaDeadLetters(ConsumerFactory<String, byte[]> consumerFactory, EventProducer producer, String topic,
			String serviceName, String retryTopic, EventMetrics metrics, @Nullable KeyOrder keyOrder) {
		Assert.notNull(consumerFactory, "consumerFactory must not be null");
		Assert.notNull(producer, "producer must not be null");
		Assert.hasText(topic, "topic must not be blank");
		Assert.hasText(serviceName, "serviceName must not be blank");
		Assert.hasText(retryTopic, "retryTopic must not be blank");
		this.consumerFactory = consumerFactory;
		this.producer = producer;
		this.topic = topic;
		this.serviceName = serviceName;
		this.retryTopic = retryTopic;
		this.metrics = metrics;
		this.keyOrder = keyOrder;
		this.parked = (keyOrder != null) ? new ParkedLetters(keyOrder.keys(), serviceName) : null;
	}

	/**
	 * @return the consumer group whose offsets mark what was replayed or discarded
	 */
	public String groupId() {
		return "dlq-" + this.serviceName;
	}

	@Override
	public synchronized List<DeadLetter> list() {
		List<DeadLetter> letters = new ArrayList<>();
		try (Consumer<String, byte[]> consumer = createConsumer()) {
			pending(consumer).stream()
				.map(this::toDeadLetter)
				.sorted(Comparator.comparing((DeadLetter letter) -> (letter.failedAt() != null) ? letter.failedAt()
						: Instant.EPOCH).thenComparing(DeadLetter::partition).thenComparing(DeadLetter::offset))
				.forEach(letters::add);
		}
		if (this.parked != null) {
			letters.addAll(this.parked.list());
		}
		return letters;
	}

	@Override
	public synchronized DeadLetter replay(String eventId) {
		return process(eventId, true);
	}

	@Override
	public synchronized DeadLetter discard(String eventId) {
		return process(eventId, false);
	}

	@Override
	public synchronized List<DeadLetter> replayAll() {
		try (Consumer<String, byte[]> consumer = createConsumer()) {
			List<DeadLetter> replayed = new ArrayList<>();
			for (ConsumerRecord<String, byte[]> record : pending(consumer)) {
				replayed.add(replayAndCommit(consumer, record));
			}
			return replayed;
		}
	}

	private DeadLetter process(String eventId, boolean replay) {
		Assert.hasText(eventId, "eventId must not be blank");
		try (Consumer<String, byte[]> consumer = createConsumer()) {
			List<ConsumerRecord<String, byte[]>> pending = pending(consumer);
			ConsumerRecord<String, byte[]> record = pending.stream()
				.filter((candidate) -> eventId.equals(HeaderValues.get(candidate, EventHeaders.EVENT_ID)))
				.findFirst()
				.orElseThrow(() -> notPending(eventId));
			ConsumerRecord<String, byte[]> first = pending.stream()
				.filter((candidate) -> candidate.partition() == record.partition())
				.findFirst()
				.orElseThrow();
			if (first != record) {
				throw new DeadLetterConflictException("Dead letter " + eventId + " comes after "
						+ HeaderValues.get(first, EventHeaders.EVENT_ID) + " in partition " + record.partition()
						+ " of " + this.topic + ": replay or discard that one first");
			}
			if (replay) {
				return replayAndCommit(consumer, record);
			}
			commitPast(consumer, record);
			logger.info("Discarded dead letter {} (event {} of type '{}')", eventId,
					LogSafe.escape(HeaderValues.get(record, EventHeaders.ORIGINAL_EVENT_ID)),
					LogSafe.escape(HeaderValues.get(record, EventHeaders.TYPE)));
			DeadLetter letter = toDeadLetter(record);
			if (this.keyOrder != null) {
				this.keyOrder.discarded(letter.originalTopic(), letter.key(), letter.eventId());
			}
			return letter;
		}
	}

	private RuntimeException notPending(String eventId) {
		DeadLetter parked = (this.parked != null) ? this.parked.find(eventId).orElse(null) : null;
		if (parked != null) {
			return new DeadLetterConflictException("Event " + eventId + " is not a dead letter: " + parked.reason());
		}
		return new DeadLetterNotFoundException(
				"Service " + this.serviceName + " has no pending dead letter with event id " + eventId);
	}

	private DeadLetter replayAndCommit(Consumer<String, byte[]> consumer, ConsumerRecord<String, byte[]> record) {
		DeadLetter letter = toDeadLetter(record);
		ProducerRecord<String, byte[]> replay = new ProducerRecord<>(this.retryTopic, null, record.key(),
				Ascii.jsonIfValid(record.value()));
		for (Header header : Ascii.headers(record.headers())) {
			if (!DeadLetterHeaders.FAILURE_HEADERS.contains(header.key())
					&& !EventHeaders.EVENT_ID.equals(header.key())) {
				replay.headers().add(header);
			}
		}
		replay.headers().add(EventHeaders.EVENT_ID, Ascii.text(Uuids.random()));
		try {
			this.producer.kafkaTemplate().send(replay).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while replaying dead letter " + letter.eventId(), ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not replay dead letter " + letter.eventId() + " to "
					+ this.retryTopic + ": " + ex.getMessage(), ex);
		}
		commitPast(consumer, record);
		this.metrics.replayed(letter.originalTopic(), letter.type());
		logger.info("Replayed dead letter {} (event {} of type '{}') through {}", letter.eventId(),
				LogSafe.escape(letter.originalEventId()), LogSafe.escape(letter.type()), this.retryTopic);
		return letter;
	}

	private void commitPast(Consumer<String, byte[]> consumer, ConsumerRecord<String, byte[]> record) {
		consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
				new OffsetAndMetadata(record.offset() + 1)), TIMEOUT);
	}

	private Consumer<String, byte[]> createConsumer() {
		return this.consumerFactory.createConsumer(groupId(), null, "-dlq");
	}

	/**
	 * The records of this service between the group's committed offsets and the end of each
	 * partition, in partition and offset order.
	 */
	private List<ConsumerRecord<String, byte[]>> pending(Consumer<String, byte[]> consumer) {
		List<PartitionInfo> infos = consumer.partitionsFor(this.topic, TIMEOUT);
		if (infos == null || infos.isEmpty()) {
			return List.of();
		}
		List<TopicPartition> partitions = infos.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.sorted(Comparator.comparingInt(TopicPartition::partition))
			.toList();
		consumer.assign(partitions);
		Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), TIMEOUT);
		for (TopicPartition partition : partitions) {
			OffsetAndMetadata offset = committed.get(partition);
			if (offset != null) {
				consumer.seek(partition, offset.offset());
			}
			else {
				consumer.seekToBeginning(List.of(partition));
			}
		}
		Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!reachedEnd(consumer, partitions, end)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out reading the dead-letter topic " + this.topic);
			}
			for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
				if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
						&& this.serviceName.equals(HeaderValues.get(record, EventHeaders.SERVICE))) {
					records.add(record);
				}
			}
		}
		records.sort(Comparator.comparingInt((ConsumerRecord<String, byte[]> r) -> r.partition())
			.thenComparingLong(ConsumerRecord::offset));
		return records;
	}

	private static boolean reachedEnd(Consumer<String, byte[]> consumer, List<TopicPartition> partitions,
			Map<TopicPartition, Long> end) {
		for (TopicPartition partition : partitions) {
			if (consumer.position(partition, TIMEOUT) < end.get(partition)) {
				return false;
			}
		}
		return true;
	}

	private DeadLetter toDeadLetter(ConsumerRecord<String, byte[]> record) {
		return new DeadLetter(orEmpty(HeaderValues.get(record, EventHeaders.EVENT_ID)),
				orEmpty(HeaderValues.get(record, EventHeaders.ORIGINAL_EVENT_ID)), record.key(),
				orEmpty(HeaderValues.get(record, EventHeaders.TYPE)), orEmpty(HeaderValues.get(record, EventHeaders.ORIGINAL_TOPIC)),
				orEmpty(HeaderValues.get(record, EventHeaders.CORRELATION_ID)), orEmpty(HeaderValues.get(record, EventHeaders.SERVICE)),
				orEmpty(HeaderValues.get(record, EventHeaders.EXCEPTION_CLASS)),
				orEmpty(HeaderValues.get(record, EventHeaders.EXCEPTION_MESSAGE)),
				instant(HeaderValues.get(record, DeadLetterHeaders.FAILED_AT)), integer(HeaderValues.get(record, DeadLetterHeaders.ATTEMPTS)),
				record.partition(), record.offset(),
				(record.value() != null) ? new String(record.value(), StandardCharsets.UTF_8) : null, null);
	}

	private static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

	private static @Nullable Instant instant(@Nullable String value) {
		try {
			return (value != null) ? Instant.parse(value) : null;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static int integer(@Nullable String value) {
		try {
			return (value != null) ? Integer.parseInt(value) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
