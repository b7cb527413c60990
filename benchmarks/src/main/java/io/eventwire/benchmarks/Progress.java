package io.eventwire.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts handled events, times from the first to the last, and counts the bytes the handling
 * threads (the consumers) allocated meanwhile.
 */
final class Progress {

	private final int expected;

	private final AtomicInteger handled = new AtomicInteger();

	private final AtomicLong first = new AtomicLong();

	private volatile long last;

	// Each consumer thread's allocation counter when it handled its first event.
	private final Map<Long, Long> allocatedAtFirst = new ConcurrentHashMap<>();

	private volatile long allocated;

	private final CountDownLatch done = new CountDownLatch(1);

	Progress(int expected) {
		this.expected = expected;
	}

	void handled() {
		long now = System.nanoTime();
		this.first.compareAndSet(0, now);
		this.allocatedAtFirst.computeIfAbsent(Thread.currentThread().getId(), (id) -> Allocations.currentThread());
		if (this.handled.incrementAndGet() == this.expected) {
			this.last = now;
			// The other consumer threads are still alive: they are stopped with the context, later.
			this.allocated = Allocations.since(this.allocatedAtFirst);
			this.done.countDown();
		}
	}

	/**
	 * @return the rate, from the first handled event to the last, and the bytes allocated per event
	 */
	Measurement await(Duration timeout) throws InterruptedException {
		if (!this.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Handled " + this.handled.get() + " of " + this.expected + " within " + timeout);
		}
		return new Measurement(this.expected / ((this.last - this.first.get()) / 1e9),
				(double) this.allocated / this.expected, Allocations.heapAfterGc());
	}

}
