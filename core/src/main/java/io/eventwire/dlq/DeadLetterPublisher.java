package io.eventwire.dlq;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.eventwire.EventHeaders;
import io.eventwire.internal.Ascii;
import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.RecordDescriptions;
import io.eventwire.internal.RecordLogContext;
import io.eventwire.internal.Texts;
import io.eventwire.internal.Uuids;
import io.eventwire.keyorder.KeyOrder;
import io.eventwire.keyorder.KeyOrders;
import io.eventwire.metrics.EventMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Publishes an event whose handling failed for good to the dead-letter topic, in the wire
 * format's layout: the same key, value, {@code type} and {@code correlation_id}, a new
 * {@code event_id}, and the failure headers of {@link DeadLetterHeaders}.
 * <p>
 * Built on spring-kafka's {@link DeadLetterPublishingRecoverer}, whose record it writes with a
 * {@link DeadLetterSender}: that waits for the broker's acknowledgement, shrinks a dead letter the
 * topic refuses as too large, and otherwise throws, so the error handler does not commit the offset
 * and the event comes back later, after a back-off, instead of being lost.
 */
public class DeadLetterPublisher extends DeadLetterPublishingRecoverer {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterPublisher.class);

	private final String serviceName;

	private final EventRetryListener retryListener;

	private final EventMetrics metrics;

	private final Clock clock;

	private final @Nullable KeyOrders keyOrders;

	private DeadLetterSender sender = new DeadLetterSender(defaultPublicationBackOff());

	// The event id of the dead letter being published, from accept() to the headers function.
	private final ThreadLocal<String> deadLetterId = new ThreadLocal<>();

	// Per group and event, a record whose dead letter was published but whose key was not parked
	// (the parking topic failed): tried again, it is parked behind that dead letter, not sent twice.
	private final Map<GroupRecord, PublishedNotParked> publishedNotParked = new ConcurrentHashMap<>();

	/**
	 * @param kafkaOperations sends the dead letters
	 * @param topic the dead-letter topic
	 * @param serviceName the service's name, written to the {@code service} header
	 * @param retryListener knows the first failure and the attempts of each failed event
	 * @param metrics counts dead letters
	 * @param clock stamps {@code failed_at}
	 */
	public DeadLetterPublisher(KafkaOperations<String, byte[]> kafkaOperations, String topic, String serviceName,
			EventRetryListener retryListener, EventMetrics metrics, Clock clock) {
		this(kafkaOperations, topic, serviceName, retryListener, metrics, clock, null);
	}

	/**
	 * @param kafkaOperations sends the dead letters
	 * @param topic the dead-letter topic
	 * @param serviceName the service's name, written to the {@code service} header
	 * @param retryListener knows the first failure and the attempts of each failed event
	 * @param metrics counts dead letters
	 * @param clock stamps {@code failed_at}
	 * @param keyOrders parks the key of each dead letter in the group that failed it, or {@code null}
	 */
	public DeadLetterPublisher(KafkaOperations<String, byte[]> kafkaOperations, String topic, String serviceName,
			EventRetryListener retryListener, EventMetrics metrics, Clock clock, @Nullable KeyOrders keyOrders) {
		super(kafkaOperations, (record, exception) -> new TopicPartition(topic, -1));
		Assert.hasText(topic, "topic must not be blank");
		Assert.hasText(serviceName, "serviceName must not be blank");
		this.serviceName = serviceName;
		this.retryListener = retryListener;
		this.metrics = metrics;
		this.clock = clock;
		this.keyOrders = keyOrders;
		excludeHeader(HeaderNames.HeadersToAdd.values());
		setHeadersFunction(this::failureHeaders);
		setLogRecoveryRecord(false);
	}

	@Override
	public void accept(ConsumerRecord<?, ?> record, @Nullable Consumer<?, ?> consumer, Exception exception) {
		String topic = this.retryListener.topic(record);
		String type = HeaderValues.get(record, EventHeaders.TYPE);
		GroupPartition partition = GroupPartition.of(record);
		GroupRecord event = new GroupRecord(partition, record.offset());
		PublishedNotParked published = this.publishedNotParked.get(event);
		KeyOrder keyOrder = (this.keyOrders != null && record.key() != null) ? this.keyOrders.forGroup(partition.groupId())
				: null;
		Throwable failure = firstFailure(record, exception);
		try (RecordLogContext context = RecordLogContext.open(record)) {
			if (published == null) {
				String deadLetterId = Uuids.random();
				if (this.sender.isWaiting(partition.groupId(), partition.partition(), record.offset())) {
					// Said once, when the first attempt failed; the wait for the topic is logged as such.
					logger.debug("Sending {} to the dead-letter topic again", RecordDescriptions.describe(record));
				}
				else {
					logger.error("Giving up on {}: sending it to the dead-letter topic", RecordDescriptions.describe(record));
				}
				this.deadLetterId.set(deadLetterId);
				try {
					super.accept(record, consumer, exception);
				}
				finally {
					this.deadLetterId.remove();
				}
				this.metrics.deadLettered(topic, type);
				published = new PublishedNotParked(deadLetterId, failure);
			}
			if (keyOrder != null) {
				// Parked before the offset is committed: a crash in between sends it here again.
				this.publishedNotParked.put(event, published);
				keyOrder.deadLettered(keyed(record), topic, published.deadLetterId(), published.failure());
			}
			this.publishedNotParked.remove(event);
		}
	}

	// Written by the sender instead of spring-kafka's publish, which would log an ERROR on every
	// attempt and give up on a dead letter that is too large.
	@Override
	protected void publish(ProducerRecord<Object, Object> deadLetter, KafkaOperations<Object, Object> kafka,
			ConsumerRecord<?, ?> failed) {
		this.sender.send(deadLetter, kafka, failed, GroupPartition.currentGroup(), determineSendTimeout(kafka));
	}

	private Throwable firstFailure(ConsumerRecord<?, ?> record, Exception exception) {
		EventRetryListener.FailedEvent failed = this.retryListener.failures(record);
		return (failed != null) ? failed.firstFailure() : Failures.unwrap(exception);
	}

	/**
	 * Partitions were revoked from a group's consumer here: what was published but not parked there
	 * is for their new owner to find (it receives the record again).
	 * @param groupId the consumer group
	 * @param partitions the revoked partitions
	 */
	public void revoked(String groupId, Collection<TopicPartition> partitions) {
		partitions.forEach((partition) -> {
			GroupPartition revoked = new GroupPartition(groupId, partition);
			this.publishedNotParked.keySet().removeIf((event) -> event.partition().equals(revoked));
			this.sender.revoked(groupId, partition);
		});
	}

	/**
	 * @param backOff how long a partition waits before its event's dead letter is tried again,
	 * while the dead-letter topic takes no write (by default from 500 ms, doubling up to 10 s)
	 */
	public void setPublicationBackOff(BackOff backOff) {
		this.sender = new DeadLetterSender(backOff);
	}

	private record PublishedNotParked(String deadLetterId, Throwable failure) {
	}

	@SuppressWarnings("unchecked")
	private static ConsumerRecord<String, byte[]> keyed(ConsumerRecord<?, ?> record) {
		// The translators' containers read String keys and byte[] values.
		return (ConsumerRecord<String, byte[]>) record;
	}

	private Headers failureHeaders(ConsumerRecord<?, ?> record, Exception exception) {
		EventRetryListener.FailedEvent failed = this.retryListener.failures(record);
		Throwable failure = (failed != null) ? failed.firstFailure() : Failures.unwrap(exception);
		int attempts = (failed != null) ? failed.attempts() : 1;
		String originalEventId = HeaderValues.get(record, EventHeaders.EVENT_ID);
		String deadLetterId = this.deadLetterId.get();
		Headers headers = new RecordHeaders();
		add(headers, EventHeaders.EVENT_ID, (deadLetterId != null) ? deadLetterId : Uuids.random());
		add(headers, EventHeaders.ORIGINAL_TOPIC, this.retryListener.topic(record));
		add(headers, EventHeaders.ORIGINAL_EVENT_ID, (originalEventId != null) ? originalEventId : "");
		add(headers, EventHeaders.SERVICE, this.serviceName);
		add(headers, EventHeaders.CONSUMER_GROUP, GroupPartition.currentGroup());
		add(headers, EventHeaders.EXCEPTION_CLASS, failure.getClass().getSimpleName());
		add(headers, EventHeaders.EXCEPTION_MESSAGE,
				Texts.truncate((failure.getMessage() != null) ? failure.getMessage() : "", DeadLetterHeaders.MAX_MESSAGE_LENGTH));
		add(headers, DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(record.partition()));
		add(headers, DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(record.offset()));
		add(headers, DeadLetterHeaders.FAILED_AT, Instant.now(this.clock).toString());
		add(headers, DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts));
		add(headers, DeadLetterHeaders.EXCEPTION_STACKTRACE,
				Texts.truncate(stackTrace(failure), DeadLetterHeaders.MAX_STACKTRACE_LENGTH));
		return headers;
	}

	@Override
	protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
			TopicPartition topicPartition, Headers headers, byte @Nullable [] key, byte @Nullable [] value) {
		// ASCII, as hexkit's DLQ tooling reads it: JSON and header text escaped, poison bytes kept.
		return super.createProducerRecord(record, topicPartition, Ascii.headers(lastValueWins(headers)), key,
				Ascii.jsonIfValid(value));
	}

	// The headers arrive as the original record's followed by the failure headers: a failure header
	// the original already had (an event that failed before, replayed) must appear once, with the new value.
	private static Headers lastValueWins(Headers headers) {
		Map<String, Integer> last = new HashMap<>();
		Header[] all = headers.toArray();
		for (int i = 0; i < all.length; i++) {
			if (DeadLetterHeaders.SET_BY_DEAD_LETTER.contains(all[i].key())) {
				last.put(all[i].key(), i);
			}
		}
		List<Header> kept = new ArrayList<>(all.length);
		for (int i = 0; i < all.length; i++) {
			Integer lastIndex = last.get(all[i].key());
			// Where a released event was parked: a replay of its dead letter is a new event.
			if (KeyOrder.PARKED_HEADER.equals(all[i].key())) {
				continue;
			}
			if (lastIndex == null || lastIndex == i) {
				kept.add(all[i]);
			}
		}
		return new RecordHeaders(kept);
	}

	private static BackOff defaultPublicationBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
		backOff.setMaxInterval(10_000);
		return backOff;
	}

	private static void add(Headers headers, String name, String value) {
		headers.add(name, Ascii.text(value));
	}

	private static String stackTrace(Throwable failure) {
		StringWriter writer = new StringWriter();
		failure.printStackTrace(new PrintWriter(writer));
		return writer.toString();
	}

}
