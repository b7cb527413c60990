package io.eventwire.consume;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.eventwire.EventHeaders;
import io.eventwire.EventMetadata;
import io.eventwire.correlation.CorrelationId;
import io.eventwire.internal.HeaderValues;
import io.eventwire.internal.LogSafe;
import io.eventwire.internal.RecordLogContext;
import io.eventwire.internal.Uuids;
import io.eventwire.keyorder.KeyOrder;
import io.eventwire.metrics.EventMetrics;
import io.eventwire.retry.ConsumerGroupState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;

import static io.eventwire.internal.RecordDescriptions.coordinates;

/**
 * Routes each record of one consumer group to the handler of its topic and {@code type} header,
 * binds the payload, and invokes the handler with the event's correlation id current.
 * <p>
 * A type that no handler on the topic wants is skipped (one topic carries many types); a record
 * without a type, with a malformed one (too long, not UTF-8, control characters) or with a payload
 * that does not bind is refused with a {@link io.eventwire.NonRetryableEventException}, which the
 * error handler sends to the DLQ.
 */
final class EventDispatcher implements MessageListener<String, byte[]> {

	private static final Logger logger = LoggerFactory.getLogger(EventDispatcher.class);

	private final EventRoutes routes;

	private final @Nullable String retryTopic;

	private final String groupId;

	private final boolean serviceGroup;

	private final @Nullable InboxedHandling inbox;

	private final ConsumerGroupState state;

	private final @Nullable KeyOrder keyOrder;

	// Per partition of the retry topic, the offset of the event whose handler returned but whose
	// key-order bookkeeping failed: tried again, only the bookkeeping is, never the handler.
	private final Map<TopicPartition, Long> handledNotSettled = new ConcurrentHashMap<>();

	/**
	 * @param handlers the group's handlers by topic and type
	 * @param retryTopic the service's retry topic, when there is one (every group consumes it)
	 * @param metrics counts handled events; the handlers' types must be registered with it
	 * @param groupId the consumer group
	 * @param serviceGroup whether it is the service's group, which handles the retry topic's records
	 * that name no group
	 * @param inbox skips events the group handled before, or {@code null} to handle every delivery
	 * @param state the group's waits and circuit breaker, told of every event handled
	 * @param keyOrder parks events whose key waits behind a dead letter, or {@code null}
	 */
	EventDispatcher(Map<String, Map<String, EventHandlerMethod>> handlers, @Nullable String retryTopic,
			EventMetrics metrics, String groupId, boolean serviceGroup, @Nullable EventInbox inbox,
			ConsumerGroupState state, @Nullable KeyOrder keyOrder) {
		this.routes = new EventRoutes(handlers, metrics);
		this.retryTopic = retryTopic;
		this.groupId = groupId;
		this.serviceGroup = serviceGroup;
		this.inbox = (inbox != null) ? new InboxedHandling(inbox, groupId) : null;
		this.state = state;
		this.keyOrder = keyOrder;
	}

	@Override
	public void onMessage(ConsumerRecord<String, byte[]> record) {
		boolean handlerRan = dispatch(record);
		if (this.state.hasFailures()) {
			// What ends now (a wait, an open breaker) is logged with this event's correlation id.
			try (RecordLogContext context = RecordLogContext.open(record)) {
				this.state.passed(new TopicPartition(record.topic(), record.partition()), handlerRan);
			}
		}
	}

	/**
	 * Forget what was pending on partitions this group's consumer no longer holds.
	 * @param partitions the revoked partitions
	 */
	void revoked(Collection<TopicPartition> partitions) {
		partitions.forEach(this.handledNotSettled::remove);
		if (this.inbox != null) {
			this.inbox.revoked(partitions);
		}
	}

	/**
	 * @return whether a handler ran and returned: a skipped record (a type nobody handles, a parked
	 * event, an inbox duplicate, a release request) says nothing about the handlers' health
	 */
	private boolean dispatch(ConsumerRecord<String, byte[]> record) {
		boolean fromRetryTopic = record.topic().equals(this.retryTopic);
		if (fromRetryTopic && !isForThisGroup(record)) {
			return false;
		}
		if (fromRetryTopic && KeyOrder.isReleaseRequest(record)) {
			// Asks to release a parked key; it carries no event (and is skipped when key order is off).
			if (this.keyOrder != null) {
				this.keyOrder.releaseRequested(record);
			}
			return false;
		}
		String topic = fromRetryTopic ? originalTopic(record) : record.topic();
		Header typeHeader = record.headers().lastHeader(EventHeaders.TYPE);
		EventRoutes.Route route = this.routes.route(topic, (typeHeader != null) ? typeHeader.value() : null);
		if (route == null) {
			// Refused with the reason when it is no event type, else one this group does not handle.
			String type = EventTypes.checked(record, typeHeader);
			if (logger.isDebugEnabled()) {
				logger.debug("Skipping event of type '{}' at {}: no handler for it on this topic", LogSafe.escape(type),
						coordinates(record));
			}
			if (fromRetryTopic && this.keyOrder != null) {
				this.keyOrder.handled(record, topic);
			}
			return false;
		}
		String type = route.type();
		String correlationId = correlationId(record, type);
		boolean handlerRan = true;
		try (CorrelationId.Scope scope = CorrelationId.open(correlationId)) {
			// A released event or a replay may release its key once handled: that bookkeeping, not the
			// handler, is what is tried again when it failed after the handler returned.
			TopicPartition settling = (fromRetryTopic && this.keyOrder != null)
					? new TopicPartition(record.topic(), record.partition()) : null;
			if (settling == null || !Long.valueOf(record.offset()).equals(this.handledNotSettled.get(settling))) {
				if (this.keyOrder != null && !this.keyOrder.shouldHandle(record, topic)) {
					return false;
				}
				handlerRan = handleOnce(record, route, topic, correlationId);
				if (settling != null) {
					this.handledNotSettled.put(settling, record.offset());
				}
			}
			if (settling != null) {
				this.keyOrder.handled(record, topic);
				this.handledNotSettled.remove(settling);
			}
		}
		route.consumed().run();
		return handlerRan;
	}

	// With the inbox, once per group; without, every delivery.
	private boolean handleOnce(ConsumerRecord<String, byte[]> record, EventRoutes.Route route, String topic,
			String correlationId) {
		String eventId = (this.inbox != null) ? HeaderValues.get(record.headers(), EventHeaders.EVENT_ID) : null;
		if (this.inbox != null && Uuids.isUuid(eventId)) {
			return this.inbox.handleOnce(record, eventId, route.type(),
					() -> handle(record, route.handler(), topic, route.type(), correlationId));
		}
		handle(record, route.handler(), topic, route.type(), correlationId);
		return true;
	}

	private void handle(ConsumerRecord<String, byte[]> record, EventHandlerMethod handler, String topic, String type,
			String correlationId) {
		if (logger.isDebugEnabled()) {
			logger.debug("Handling event {} of type '{}' from {}",
					LogSafe.escape(HeaderValues.get(record.headers(), EventHeaders.EVENT_ID)), LogSafe.escape(type),
					coordinates(record));
		}
		Object payload = handler.bind(record.value(), type);
		EventMetadata metadata = handler.wantsMetadata() ? EventMetadataReader.read(record, topic, type, correlationId)
				: null;
		handler.invoke(payload, metadata);
	}

	// A replay goes to the group that failed the event; one that names no group (a requeue by other
	// tooling), and eventwire's own release requests and released events, to the service's group.
	private boolean isForThisGroup(ConsumerRecord<String, byte[]> record) {
		String group = HeaderValues.get(record.headers(), EventHeaders.CONSUMER_GROUP);
		return (group == null || group.isEmpty()) ? this.serviceGroup : group.equals(this.groupId);
	}

	// A record replayed through the retry topic is handled as if it came from its original topic.
	private String originalTopic(ConsumerRecord<String, byte[]> record) {
		String original = HeaderValues.get(record.headers(), EventHeaders.ORIGINAL_TOPIC);
		if (original == null || original.isEmpty()) {
			throw new InvalidRetryRecordException("Record " + coordinates(record) + " on the retry topic has no '"
					+ EventHeaders.ORIGINAL_TOPIC + "' header, so its handler is unknown");
		}
		if (original.equals(this.retryTopic)) {
			throw new InvalidRetryRecordException("Record " + coordinates(record) + " on the retry topic names the "
					+ "retry topic itself as its '" + EventHeaders.ORIGINAL_TOPIC + "'");
		}
		return original;
	}

	private static String correlationId(ConsumerRecord<String, byte[]> record, String type) {
		String correlationId = HeaderValues.get(record.headers(), EventHeaders.CORRELATION_ID);
		if (CorrelationId.isValid(correlationId)) {
			return correlationId;
		}
		String generated = CorrelationId.generate();
		logger.warn("Event of type '{}' at {} has {} correlation id; using the generated id {}",
				LogSafe.escape(type), coordinates(record),
				(correlationId == null) ? "no" : "the invalid ('" + LogSafe.escape(correlationId) + "')", generated);
		return generated;
	}

}
