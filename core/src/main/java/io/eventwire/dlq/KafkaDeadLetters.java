package io.eventwire.dlq;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

import io.eventwire.internal.InstanceName;
import io.eventwire.internal.LogSafe;
import io.eventwire.keyorder.KeyOrder;
import io.eventwire.keyorder.KeyOrders;
import io.eventwire.metrics.EventMetrics;
import io.eventwire.publish.EventProducer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.util.Assert;

/**
 * {@link DeadLetters} kept in a {@link DeadLetterIndex} of this service's pending dead letters,
 * read from the shared dead-letter topic with a consumer of the service's own {@code dlq-<service>}
 * group (assigned, never subscribed, so nothing is rebalanced), and replayed through
 * {@link EventProducer}. What was replayed or discarded ahead of earlier dead letters is kept in
 * {@link ResolvedDeadLetters}; the group's committed offsets advance to the first pending one.
 * With {@link KeyOrders}, the events parked behind the dead letters (in each group) are listed after
 * them, and discarding a dead letter releases its key in the group that failed it.
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

	private final @Nullable KeyOrders keyOrders;

	private final @Nullable ParkedLetters parked;

	private final DeadLetterIndex index;

	private final ResolvedDeadLetters resolved;

	private final Clock clock;

	private final DeadLetterReplayer replayer;

	/**
	 * @param consumerFactory creates the consumer that reads the dead-letter topic
	 * @param producer sends replayed events
	 * @param topic the dead-letter topic
	 * @param serviceName the service whose dead letters these are
	 * @param retryTopic the service's retry topic
	 * @param metrics counts replays
	 * @param keyOrders each group's keys parked behind dead letters, or {@code null} when key order is off
	 */
	public KafkaDeadLetters(ConsumerFactory<String, byte[]> consumerFactory, EventProducer producer, String topic,
			String serviceName, String retryTopic, EventMetrics metrics, @Nullable KeyOrders keyOrders) {
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
		this.keyOrders = keyOrders;
		this.parked = (keyOrders != null) ? new ParkedLetters(keyOrders, serviceName) : null;
		this.index = new DeadLetterIndex(topic, serviceName, TIMEOUT);
		this.resolved = new ResolvedDeadLetters(resolvedTopic(serviceName), TIMEOUT, InstanceName.current());
		this.clock = Clock.systemUTC();
		this.replayer = new DeadLetterReplayer(producer, topic, retryTopic, TIMEOUT);
	}

	/**
	 * @param serviceName a service
	 * @return the compacted topic in which it keeps the dead letters it replayed or discarded
	 */
	public static String resolvedTopic(String serviceName) {
		return "dlq-resolved-" + serviceName;
	}

	/**
	 * @return the consumer group whose offsets mark what was replayed or discarded
	 */
	public String groupId() {
		return "dlq-" + this.serviceName;
	}

	@Override
	public synchronized List<DeadLetter> list() {
		List<DeadLetter> letters = withConsumer((consumer) -> withPayloads(consumer, this.index.oldestFirst()));
		if (this.parked != null) {
			letters.addAll(this.parked.list());
		}
		return letters;
	}

	@Override
	public synchronized DeadLetterPage page(DeadLetterQuery query) {
		return withConsumer((consumer) -> {
			List<DeadLetter> matching = this.index.oldestFirst().stream().filter(query::matches).toList();
			int from = (int) Math.min((long) query.page() * query.size(), matching.size());
			List<DeadLetter> page = matching.subList(from, Math.min(from + query.size(), matching.size()));
			return new DeadLetterPage(withPayloads(consumer, page), query.page(), query.size(), matching.size());
		});
	}

	@Override
	public synchronized DeadLetterSummary summary() {
		return withConsumer((consumer) -> DeadLetterSummaries.of(this.index.oldestFirst()));
	}

	@Override
	public synchronized DeadLetterDetails details(String eventId) {
		Assert.hasText(eventId, "eventId must not be blank");
		return withConsumer((consumer) -> DeadLetterRecords.details(consumer, this.topic,
				this.index.find(eventId).orElseThrow(() -> notPending(eventId)), TIMEOUT));
	}

	@Override
	public synchronized Replay replay(String eventId, ReplayOptions options) {
		Assert.hasText(eventId, "eventId must not be blank");
		return withConsumer((consumer) -> replay(consumer, resolvable(eventId), options));
	}

	@Override
	public synchronized List<DeadLetter> replayAll() {
		return withConsumer((consumer) -> {
			List<DeadLetter> replayed = new ArrayList<>();
			List<DeadLetter> remaining = new ArrayList<>(this.index.oldestFirst());
			boolean progress = true;
			// Oldest first, and never one before an earlier dead letter of its key.
			while (!remaining.isEmpty() && progress) {
				progress = false;
				for (Iterator<DeadLetter> letters = remaining.iterator(); letters.hasNext();) {
					DeadLetter letter = letters.next();
					if (this.index.earlierOfSameKey(letter).isEmpty()) {
						replayed.add(replay(consumer, letter, ReplayOptions.asIs()).deadLetter());
						letters.remove();
						progress = true;
					}
				}
			}
			return replayed;
		});
	}

	@Override
	public synchronized DeadLetter discard(String eventId) {
		Assert.hasText(eventId, "eventId must not be blank");
		return withConsumer((consumer) -> {
			DeadLetter letter = resolvable(eventId);
			resolve(consumer, letter, "discarded");
			logger.info("Discarded dead letter {} (event {} of type '{}')", LogSafe.escape(eventId),
					LogSafe.escape(letter.originalEventId()), LogSafe.escape(letter.type()));
			KeyOrder keyOrder = (this.keyOrders != null) ? this.keyOrders.existing(letter.consumerGroup()) : null;
			if (keyOrder != null) {
				keyOrder.discarded(letter.originalTopic(), letter.key(), letter.eventId());
			}
			return letter;
		});
	}

	private Replay replay(Consumer<String, byte[]> consumer, DeadLetter letter, ReplayOptions options) {
		Replay replay = this.replayer.replay(consumer, letter, options);
		if (replay.published()) {
			resolve(consumer, letter, "replayed");
			this.metrics.replayed(letter.originalTopic(), letter.type());
			logger.info("Replayed dead letter {} (event {} of type '{}') through {}{}", LogSafe.escape(letter.eventId()),
					LogSafe.escape(letter.originalEventId()), LogSafe.escape(letter.type()), this.retryTopic,
					(options.payload() != null) ? ", with a corrected payload" : "");
		}
		return replay;
	}

	/**
	 * @return the pending dead letter, if it may be replayed or discarded now
	 */
	private DeadLetter resolvable(String eventId) {
		DeadLetter letter = this.index.find(eventId).orElseThrow(() -> notPending(eventId));
		this.index.earlierOfSameKey(letter).ifPresent((earlier) -> {
			throw new DeadLetterConflictException("Dead letter " + eventId + " of key '" + LogSafe.escape(letter.key())
					+ "' comes after " + earlier.eventId() + " of the same key (" + earlier.reason()
					+ "): replay or discard that one first, so that the key's events stay in order");
		});
		return letter;
	}

	private RuntimeException notPending(String eventId) {
		if (this.resolved.contains(eventId)) {
			return new DeadLetterNotFoundException("Dead letter " + eventId + " of service " + this.serviceName
					+ " is no longer pending: " + this.resolved.describe(eventId));
		}
		DeadLetter parkedEvent = (this.parked != null) ? this.parked.find(eventId).orElse(null) : null;
		if (parkedEvent != null) {
			return new DeadLetterConflictException("Event " + eventId + " is not a dead letter: " + parkedEvent.reason());
		}
		return new DeadLetterNotFoundException(
				"Service " + this.serviceName + " has no pending dead letter with event id " + eventId);
	}

	// Recorded before the committed offsets move: a crash in between leaves it recorded and pending-free.
	// The offsets never move backwards: another instance may have committed further meanwhile.
	private void resolve(Consumer<String, byte[]> consumer, DeadLetter letter, String action) {
		Instant now = this.clock.instant();
		this.resolved.record(this.producer.kafkaTemplate(), letter, action, now);
		this.index.remove(letter.eventId());
		Map<TopicPartition, OffsetAndMetadata> marks = this.index.lowWaterMarks();
		Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(marks.keySet(), TIMEOUT);
		marks.replaceAll((partition, mark) -> {
			OffsetAndMetadata other = committed.get(partition);
			return (other != null && other.offset() > mark.offset()) ? other : mark;
		});
		consumer.commitSync(marks, TIMEOUT);
		this.resolved.forgetBelow(this.producer.kafkaTemplate(), this.topic, marks, now);
	}

	private List<DeadLetter> withPayloads(Consumer<String, byte[]> consumer, List<DeadLetter> letters) {
		Map<String, ConsumerRecord<String, byte[]>> records = DeadLetterRecords.fetch(consumer, this.topic, letters,
				TIMEOUT);
		List<DeadLetter> full = new ArrayList<>(letters.size());
		letters.forEach((letter) -> full.add(DeadLetterRecords.withPayload(letter, records.get(letter.eventId()))));
		return full;
	}

	// Every operation reads what is new first, with a consumer of its own. It fetches without waiting
	// at the broker: it seeks from one dead letter to the next, and a fetch left waiting at the end of
	// a partition would hold up each seek.
	private <T> T withConsumer(Function<Consumer<String, byte[]>, T> operation) {
		Properties overrides = new Properties();
		overrides.setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "0");
		try (Consumer<String, byte[]> consumer = this.consumerFactory.createConsumer(groupId(), null, "-dlq",
				overrides)) {
			Set<String> resolvedElsewhere = this.resolved.catchUp(consumer);
			this.index.catchUp(consumer, this.resolved::contains);
			this.index.forgetResolved(resolvedElsewhere, consumer.committed(this.index.partitions(), TIMEOUT));
			return operation.apply(consumer);
		}
	}

}
