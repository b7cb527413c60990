package io.eventwire.outbox;

import java.util.Date;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * What the {@link OutboxRelay} reports about its work.
 */
public interface OutboxMetrics {

	/** Reports nothing. */
	OutboxMetrics NONE = new OutboxMetrics() {
	};

	/**
	 * Called once when the relay starts.
	 * @param pendingCount counts the events waiting to be published
	 * @param oldestPending tells when the oldest waiting event was stored
	 */
	default void bind(LongSupplier pendingCount, Supplier<@Nullable Date> oldestPending) {
	}

	/**
	 * Called once when the relay starts.
	 * @param waitingTopics counts the topics the relay waits for: sends to them failed for a reason
	 * that may pass (Kafka unreachable, Write not allowed), and none went through since
	 */
	default void bindWaitingTopics(IntSupplier waitingTopics) {
	}

	/**
	 * A batch was sent.
	 * @param published how many of its events were acknowledged and marked published
	 * @param nanos how long sending and marking took
	 */
	default void batch(int published, long nanos) {
	}

	/**
	 * The relay gave up on an event.
	 * @param topic its topic
	 */
	default void failed(String topic) {
	}

}
