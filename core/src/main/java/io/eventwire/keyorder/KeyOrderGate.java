package io.eventwire.keyorder;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.eventwire.dispatch.DispatchChain;
import io.eventwire.dispatch.DispatchStep;
import io.eventwire.dispatch.Delivery;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The key-order step of a consumer group's dispatch: an event whose key waits behind a dead letter
 * is parked instead of handled; an event from the retry topic (a replay, a released event) may
 * release its key once handled. That bookkeeping, not the handler, is what is tried again when it
 * failed after the handler returned.
 */
public final class KeyOrderGate implements DispatchStep {

	private final KeyOrder keyOrder;

	// Events of the retry topic whose handler returned but whose key-order bookkeeping failed: tried
	// again, only the bookkeeping is, never the handler. Several per partition when its keys are
	// handled side by side.
	private final Set<Settling> handledNotSettled = ConcurrentHashMap.newKeySet();

	/**
	 * @param keyOrder the group's key order
	 */
	public KeyOrderGate(KeyOrder keyOrder) {
		this.keyOrder = keyOrder;
	}

	@Override
	public boolean apply(Delivery delivery, DispatchChain next) {
		ConsumerRecord<String, byte[]> record = delivery.record();
		Settling settling = delivery.fromRetryTopic()
				? new Settling(new TopicPartition(record.topic(), record.partition()), record.offset()) : null;
		boolean handlerRan = true;
		if (settling == null || !this.handledNotSettled.contains(settling)) {
			if (!this.keyOrder.shouldHandle(record, delivery.topic())) {
				delivery.parked();
				return false;
			}
			handlerRan = next.proceed(delivery);
			if (settling != null) {
				this.handledNotSettled.add(settling);
			}
		}
		if (settling != null) {
			this.keyOrder.handled(record, delivery.topic());
			this.handledNotSettled.remove(settling);
		}
		return handlerRan;
	}

	/**
	 * A record no handler of the group wants: one from the retry topic still settles its key.
	 * @param delivery the record
	 */
	public void unrouted(Delivery delivery) {
		if (delivery.fromRetryTopic()) {
			this.keyOrder.handled(delivery.record(), delivery.topic());
		}
	}

	@Override
	public void revoked(Collection<TopicPartition> partitions) {
		this.handledNotSettled.removeIf((settling) -> partitions.contains(settling.partition()));
	}

	private record Settling(TopicPartition partition, long offset) {
	}

}
