package io.eventwire.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts handled events and times from the first to the last.
 */
final class Progress {

	private final int expected;

	private final AtomicInteger handled = new AtomicInteger();

	private final AtomicLong first = new AtomicLong();

	private volatile long last;

	private final CountDownLatch done = new CountDownLatch(1);

	Progress(int expected) {
		this.expected = expected;
	}

	void handled() {
		long now = System.nanoTime();
		this.first.compareAndSet(0, now);
		if (this.handled.incrementAndGet() == this.expected) {
			this.last = now;
			this.done.countDown();
		}
	}

	/**
	 * @return events per second from the first handled event to the last
	 */
	double awaitRate(Duration timeout) throws InterruptedException {
		if (!this.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Handled " + this.handled.get() + " of " + this.expected + " within " + timeout);
		}
		return this.expected / ((this.last - this.first.get()) / 1e9);
	}

}
