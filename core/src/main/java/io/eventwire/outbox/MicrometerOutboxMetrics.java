package io.eventwire.outbox;

import java.time.Clock;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * {@link OutboxMetrics} as Micrometer meters:
 * <ul>
 * <li>{@code eventwire.outbox.pending}: events waiting to be published (gauge);</li>
 * <li>{@code eventwire.outbox.oldest.pending.age}: seconds since the oldest waiting event was stored
 * (gauge, 0 when none waits);</li>
 * <li>{@code eventwire.outbox.published}: events published (counter);</li>
 * <li>{@code eventwire.outbox.failed}: events the relay gave up on, by topic (counter);</li>
 * <li>{@code eventwire.outbox.relay.batch}: time to send and mark one batch (timer).</li>
 * </ul>
 */
public class MicrometerOutboxMetrics implements OutboxMetrics {

	private final MeterRegistry registry;

	private final Clock clock;

	private final Counter published;

	private final Timer batch;

	/**
	 * @param registry where the meters are registered
	 * @param clock measures the age of the oldest pending event
	 */
	public MicrometerOutboxMetrics(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
		this.published = Counter.builder("eventwire.outbox.published")
			.description("Outbox events published to Kafka")
			.register(registry);
		this.batch = Timer.builder("eventwire.outbox.relay.batch")
			.description("Time to send one outbox batch and mark it published")
			.register(registry);
	}

	@Override
	public void bind(LongSupplier pendingCount, Supplier<@Nullable Date> oldestPending) {
		// Strong references: the suppliers are lambdas nothing else holds, and a gauge only keeps a weak one.
		Gauge.builder("eventwire.outbox.pending", pendingCount, LongSupplier::getAsLong)
			.description("Outbox events waiting to be published")
			.strongReference(true)
			.register(this.registry);
		Gauge.builder("eventwire.outbox.oldest.pending.age", oldestPending, (supplier) -> {
			Date oldest = supplier.get();
			return (oldest != null) ? (this.clock.millis() - oldest.getTime()) / 1000.0 : 0;
		})
			.description("Seconds since the oldest waiting outbox event was stored")
			.baseUnit("seconds")
			.strongReference(true)
			.register(this.registry);
	}

	@Override
	public void bindWaitingTopics(IntSupplier waitingTopics) {
		Gauge.builder("eventwire.outbox.waiting.topics", waitingTopics, IntSupplier::getAsInt)
			.description("Topics the outbox relay waits for: sends to them failed for a reason that may pass")
			.strongReference(true)
			.register(this.registry);
	}

	@Override
	public void batch(int published, long nanos) {
		this.published.increment(published);
		this.batch.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void failed(String topic) {
		Counter.builder("eventwire.outbox.failed")
			.description("Outbox events the relay gave up on")
			.tag("topic", topic)
			.register(this.registry)
			.increment();
	}

}
