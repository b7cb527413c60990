package io.eventwire.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import io.eventwire.EventMetadata;

/**
 * The run the reader's handler reports to; events of other runs are ignored.
 */
final class LatencyProbe {

	private volatile Run current;

	Run start(String id, int events) {
		Run run = new Run(id, events);
		this.current = run;
		return run;
	}

	void handled(BenchEvent event, EventMetadata metadata) {
		Run run = this.current;
		if (run != null && run.id().equals(event.run())) {
			run.handled(event.seq(), metadata.timestamp().toEpochMilli());
		}
	}

	/** The timings of one run. */
	static final class Run {

		private final String id;

		private final AtomicLongArray committed;

		private final AtomicLongArray handled;

		private final AtomicLongArray committedMillis;

		private final AtomicLongArray sentMillis;

		private final AtomicLongArray handledMillis;

		private final AtomicInteger remaining;

		private final CountDownLatch done = new CountDownLatch(1);

		Run(String id, int events) {
			this.id = id;
			this.committed = new AtomicLongArray(events);
			this.handled = new AtomicLongArray(events);
			this.committedMillis = new AtomicLongArray(events);
			this.sentMillis = new AtomicLongArray(events);
			this.handledMillis = new AtomicLongArray(events);
			this.remaining = new AtomicInteger(events);
		}

		String id() {
			return this.id;
		}

		int events() {
			return this.handled.length();
		}

		void committed(int seq) {
			this.committed.set(seq, System.nanoTime());
			this.committedMillis.set(seq, System.currentTimeMillis());
		}

		void handled(int seq, long sentMillis) {
			// At least once: a redelivered event keeps its first time.
			if (this.handled.compareAndSet(seq, 0, System.nanoTime())) {
				this.handledMillis.set(seq, System.currentTimeMillis());
				this.sentMillis.set(seq, sentMillis);
				if (this.remaining.decrementAndGet() == 0) {
					this.done.countDown();
				}
			}
		}

		Percentiles await(Duration timeout) throws InterruptedException {
			if (!this.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(
						this.remaining.get() + " of " + events() + " events of " + this.id + " not handled within " + timeout);
			}
			long[] latencies = new long[events()];
			long[] toKafka = new long[events()];
			long[] fromKafka = new long[events()];
			for (int i = 0; i < latencies.length; i++) {
				// The handler can run before the writer noted the commit time: that is no latency.
				latencies[i] = Math.max(0, this.handled.get(i) - this.committed.get(i));
				toKafka[i] = Math.max(0, this.sentMillis.get(i) - this.committedMillis.get(i));
				fromKafka[i] = Math.max(0, this.handledMillis.get(i) - this.sentMillis.get(i));
			}
			return Percentiles.of(latencies, toKafka, fromKafka);
		}

	}

}
