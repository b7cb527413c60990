package io.eventwire.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.eventwire.outbox.OutboxMetrics;

/**
 * Learns from a relay's metrics when it has published and marked a number of events, so that the
 * benchmark need not ask MongoDB or Kafka (which would add to what it measures).
 */
final class RelayProgress implements OutboxMetrics {

	private final long expected;

	private final AtomicLong published = new AtomicLong();

	private final AtomicLong firstBatchNanos = new AtomicLong();

	private final CountDownLatch done = new CountDownLatch(1);

	RelayProgress(long expected) {
		this.expected = expected;
	}

	@Override
	public void batch(int published, long nanos) {
		if (published > 0) {
			this.firstBatchNanos.compareAndSet(0, System.nanoTime());
		}
		if (this.published.addAndGet(published) >= this.expected) {
			this.done.countDown();
		}
	}

	/**
	 * @return the events published and marked so far
	 */
	long published() {
		return this.published.get();
	}

	/**
	 * @return when the first batch was published and marked ({@link System#nanoTime()}), or 0
	 */
	long firstBatchNanos() {
		return this.firstBatchNanos.get();
	}

	void await(Duration timeout) throws InterruptedException {
		if (!this.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException(
					"The relay published " + this.published.get() + " of " + this.expected + " events within " + timeout);
		}
	}

}
