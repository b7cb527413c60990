package io.eventwire.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts handled events, and measures from the first to the last: the rate, and what the JVM spent
 * per event meanwhile (not the context's start nor the consumers' joining).
 */
final class Progress {

	private final Infrastructure infrastructure;

	private final int expected;

	private final AtomicInteger handled = new AtomicInteger();

	private volatile Cost.Snapshot before;

	private volatile long first;

	private volatile Measurement measurement;

	private final CountDownLatch started = new CountDownLatch(1);

	private final CountDownLatch done = new CountDownLatch(1);

	Progress(Infrastructure infrastructure, int expected) {
		this.infrastructure = infrastructure;
		this.expected = expected;
	}

	void handled() {
		int count = this.handled.incrementAndGet();
		if (count == 1) {
			this.first = System.nanoTime();
			this.before = this.infrastructure.costs();
			this.started.countDown();
		}
		if (count == this.expected) {
			awaitUninterruptibly(this.started);
			// The first event is on the far side of the snapshot: the others are measured.
			this.measurement = Measurement.since(this.infrastructure, this.before, this.first, this.expected - 1);
			this.done.countDown();
		}
	}

	/**
	 * @return the rate, from the first handled event to the last, and the cost per event
	 */
	Measurement await(Duration timeout) throws InterruptedException {
		if (!this.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Handled " + this.handled.get() + " of " + this.expected + " within " + timeout);
		}
		return this.measurement;
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
