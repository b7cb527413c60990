package io.eventwire.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.eventwire.DependencyUnavailableException;

/**
 * How far a {@link CompactedTopicReader} has read, told to the threads that wait for it: up to an
 * offset ({@link #awaitPosition}), or up to the end the topic had when they asked ({@link #catchUp},
 * answered by the reader, whose consumer alone may ask the broker).
 */
public final class ReadProgress {

	private final String topic;

	private final Duration timeout;

	private final Object monitor = new Object();

	private final List<CompletableFuture<Void>> requested = new ArrayList<>();

	private final List<Target> targets = new ArrayList<>();

	// The offset of the next record to read: everything before it is applied; -1 before the first read.
	private long position = -1;

	ReadProgress(String topic, Duration timeout) {
		this.topic = topic;
		this.timeout = timeout;
	}

	long position() {
		synchronized (this.monitor) {
			return this.position;
		}
	}

	CompletableFuture<Void> catchUp() {
		CompletableFuture<Void> ticket = new CompletableFuture<>();
		synchronized (this.monitor) {
			this.requested.add(ticket);
		}
		return ticket;
	}

	void awaitPosition(long target) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		synchronized (this.monitor) {
			while (this.position < target) {
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0) {
					throw new DependencyUnavailableException("The topic " + this.topic + " was not read back in "
							+ this.timeout + " (read up to " + this.position + ", need " + target + ")");
				}
				try {
					this.monitor.wait(left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new DependencyUnavailableException("Interrupted while reading " + this.topic, ex);
				}
			}
		}
	}

	/**
	 * Turn the requests for the current end into targets, with the end the reader's consumer gives;
	 * when it cannot, they stay requested.
	 */
	void takeRequests(LongSupplier end) {
		List<CompletableFuture<Void>> tickets;
		synchronized (this.monitor) {
			if (this.requested.isEmpty()) {
				return;
			}
			tickets = new ArrayList<>(this.requested);
			this.requested.clear();
		}
		try {
			long offset = end.getAsLong();
			synchronized (this.monitor) {
				tickets.forEach((ticket) -> this.targets.add(new Target(offset, ticket)));
			}
		}
		catch (RuntimeException ex) {
			synchronized (this.monitor) {
				this.requested.addAll(tickets);
			}
			throw ex;
		}
	}

	void advance(long position) {
		synchronized (this.monitor) {
			this.position = position;
			for (Iterator<Target> it = this.targets.iterator(); it.hasNext();) {
				Target target = it.next();
				if (position >= target.offset()) {
					target.ticket().complete(null);
					it.remove();
				}
			}
			this.monitor.notifyAll();
		}
	}

	/**
	 * Wait up to {@code millis} (the reader's back-off), or until {@link #wakeAll()}.
	 * @throws InterruptedException when interrupted
	 */
	void sleep(long millis) throws InterruptedException {
		synchronized (this.monitor) {
			this.monitor.wait(Math.max(1, millis));
		}
	}

	void wakeAll() {
		synchronized (this.monitor) {
			this.monitor.notifyAll();
		}
	}

	private record Target(long offset, CompletableFuture<Void> ticket) {
	}

}
