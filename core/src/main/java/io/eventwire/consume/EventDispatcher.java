package io.eventwire.consume;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.eventwire.correlation.CorrelationScope;
import io.eventwire.dispatch.DispatchChain;
import io.eventwire.dispatch.DispatchStep;
import io.eventwire.dispatch.Delivery;
import io.eventwire.internal.RecordLogContext;
import io.eventwire.keyorder.KeyOrder;
import io.eventwire.keyorder.KeyOrderGate;
import io.eventwire.keyorder.ReleaseRequests;
import io.eventwire.metrics.EventMetrics;
import io.eventwire.retry.ConsumerGroupState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.MessageListener;

/**
 * Dispatches each record of one consumer group along a short chain of named steps, each in the
 * package of its capability: the retry topic's records for this group ({@link RetryTopicGroups}),
 * key order's release requests ({@link ReleaseRequests}), the original topic of a replay
 * ({@link OriginalTopic}), the handler of its topic and {@code type} header ({@link TypeRouting}),
 * the correlation id ({@link CorrelationScope}), key order ({@link KeyOrderGate}), the inbox
 * ({@link InboxedHandling}), the upcast of an older payload ({@link Upcasting}) and the handler
 * itself ({@link HandlerInvocation}). It then tells the
 * group's state (waits, circuit breaker) whether a handler ran.
 * <p>
 * A type that no handler on the topic wants is skipped (one topic carries many types); a record
 * without a type, with a malformed one (too long, not UTF-8, control characters) or with a payload
 * that does not bind is refused with a {@link io.eventwire.NonRetryableEventException}, which the
 * error handler sends to the DLQ.
 */
final class EventDispatcher implements MessageListener<String, byte[]> {

	private final @Nullable String retryTopic;

	private final ConsumerGroupState state;

	private final List<DispatchStep> steps;

	private final DispatchChain chain;

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
	 * @param upcasters upcast the payloads of events older than their handler
	 */
	EventDispatcher(Map<String, Map<String, EventHandlerMethod>> handlers, @Nullable String retryTopic,
			EventMetrics metrics, String groupId, boolean serviceGroup, @Nullable EventInbox inbox,
			ConsumerGroupState state, @Nullable KeyOrder keyOrder, EventUpcasters upcasters, ReplayMarks replays) {
		this.retryTopic = retryTopic;
		this.state = state;
		KeyOrderGate keyOrderGate = (keyOrder != null) ? new KeyOrderGate(keyOrder) : null;
		List<DispatchStep> steps = new ArrayList<>();
		if (retryTopic != null) {
			steps.add(new RetryTopicGroups(groupId, serviceGroup));
			steps.add(new ReleaseRequests(keyOrder));
			steps.add(new OriginalTopic(retryTopic));
		}
		steps.add(new TypeRouting(new EventRoutes(handlers, metrics),
				(keyOrderGate != null) ? keyOrderGate::unrouted : (delivery) -> {
				}));
		steps.add(new CorrelationScope());
		if (replays != ReplayMarks.NONE) {
			steps.add(new Replays(groupId, replays));
		}
		if (keyOrderGate != null) {
			steps.add(keyOrderGate);
		}
		if (inbox != null) {
			steps.add(new InboxedHandling(inbox, groupId));
		}
		// Only where an upcaster could apply: every other group's path stays as it was.
		if (handlers.keySet().stream().anyMatch(upcasters::hasAny)) {
			steps.add(new Upcasting(upcasters));
		}
		steps.add(new HandlerInvocation());
		this.steps = List.copyOf(steps);
		this.chain = DispatchChain.of(this.steps);
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
	 * Run the record along the group's steps, on the calling thread.
	 * @param record the record
	 * @return whether a handler ran and returned
	 */
	boolean dispatch(ConsumerRecord<String, byte[]> record) {
		return this.chain.proceed(new Delivery(record, record.topic().equals(this.retryTopic)));
	}

	/**
	 * Forget what was pending on partitions this group's consumer no longer holds.
	 * @param partitions the revoked partitions
	 */
	void revoked(Collection<TopicPartition> partitions) {
		this.steps.forEach((step) -> step.revoked(partitions));
	}

}
