package io.eventwire.outbox;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.eventwire.publish.EventProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flushes the relay's producer, so that a batch handed over goes out without the producer's linger
 * (the relay waits for every acknowledgement of a batch before it reads the next, so lingering only
 * delays it). On a thread of its own: a flush blocks until every record the producer holds is
 * acknowledged or expired, up to the delivery timeout while Kafka is away, and the relay must go on
 * renewing its leases meanwhile. Requests made while a flush waits to start are covered by it.
 */
final class ProducerFlusher {

	private static final Logger logger = LoggerFactory.getLogger(ProducerFlusher.class);

	private final EventProducer producer;

	private final AtomicBoolean queued = new AtomicBoolean();

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "eventwire-outbox-flush");
		thread.setDaemon(true);
		return thread;
	});

	ProducerFlusher(EventProducer producer) {
		this.producer = producer;
	}

	void flush() {
		if (!this.queued.compareAndSet(false, true)) {
			return;
		}
		try {
			this.executor.execute(() -> {
				this.queued.set(false);
				try {
					this.producer.kafkaTemplate().flush();
				}
				catch (RuntimeException ex) {
					// The sends themselves report what is wrong with the producer; a flush only hurries them.
					logger.debug("Could not flush the producer: {}", ex.toString());
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// Shut down with the relay.
			this.queued.set(false);
		}
	}

	void shutdown() {
		this.executor.shutdownNow();
	}

}
