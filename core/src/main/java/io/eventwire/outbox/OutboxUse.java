package io.eventwire.outbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Whether the outbox is used, so that a service that never writes to it pays nothing for it in
 * MongoDB: until then the relay creates no index, takes no lease and polls nothing, and only checks
 * once per idle-check interval whether the outbox collection (or a stateful outbox collection) holds
 * a document, which another instance of the service may have written. A local write wakes the relay
 * and ends the wait at once.
 */
final class OutboxUse {

	private static final Logger logger = LoggerFactory.getLogger(OutboxUse.class);

	private final MongoOperations mongo;

	private final String collection;

	private final Supplier<List<String>> statefulCollections;

	private final Duration checkInterval;

	private final Semaphore localWrites = new Semaphore(0);

	private final CountDownLatch prepared = new CountDownLatch(1);

	private volatile boolean used;

	private volatile boolean expected;

	OutboxUse(MongoOperations mongo, String collection, Supplier<List<String>> statefulCollections,
			Duration checkInterval) {
		this.mongo = mongo;
		this.collection = collection;
		this.statefulCollections = statefulCollections;
		this.checkInterval = checkInterval;
	}

	/**
	 * @return whether the relay left its idle wait
	 */
	boolean used() {
		return this.used;
	}

	/**
	 * The application is known to use the outbox (it injects it): the relay prepares the collection
	 * now, before any request, rather than at the first write, which may be inside a transaction.
	 */
	void expected() {
		if (!this.used) {
			this.expected = true;
			this.localWrites.release();
		}
	}

	/**
	 * This instance wrote to the outbox.
	 */
	void written() {
		if (!this.used) {
			this.localWrites.release();
		}
	}

	/**
	 * This instance is about to write to the outbox for the first time: start the relay and wait
	 * until it has prepared the outbox (its indexes), at most the given time, so that the indexes are
	 * not built while the first writes arrive.
	 * @param atMost how long to wait
	 */
	void beforeFirstWrite(Duration atMost) throws InterruptedException {
		written();
		this.prepared.await(atMost.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * The relay tried to prepare the outbox (it may have failed: MongoDB unreachable, say; it tries
	 * again on its own schedule, and writers do not wait for that).
	 */
	void prepared() {
		this.prepared.countDown();
	}

	/**
	 * End the wait without a write: the relay stops.
	 */
	void cancel() {
		this.localWrites.release();
		this.prepared.countDown();
	}

	/**
	 * Wait until the outbox is used: a document in one of its collections (checked now, then once per
	 * interval) or a write of this instance.
	 * @param running false once the relay stops
	 * @return whether the outbox is used; false when the relay stopped first
	 */
	boolean await(BooleanSupplier running) throws InterruptedException {
		while (running.getAsBoolean()) {
			if (holdsDocuments()) {
				return markUsed("the outbox holds events");
			}
			if (this.localWrites.tryAcquire(this.checkInterval.toNanos(), TimeUnit.NANOSECONDS)
					&& running.getAsBoolean()) {
				return markUsed(this.expected ? "the application injects the outbox" : "this instance wrote to the outbox");
			}
		}
		return false;
	}

	private boolean markUsed(String why) {
		this.used = true;
		logger.info("Outbox relay starts relaying: {}", why);
		return true;
	}

	private boolean holdsDocuments() {
		try {
			if (holdsDocument(this.collection)) {
				return true;
			}
			for (String stateful : this.statefulCollections.get()) {
				if (holdsDocument(stateful)) {
					return true;
				}
			}
			return false;
		}
		catch (RuntimeException ex) {
			// MongoDB unreachable: look again at the next check, or start when this instance writes.
			logger.debug("Could not check whether the outbox is used: {}", ex.toString());
			return false;
		}
	}

	private boolean holdsDocument(String name) {
		return this.mongo.execute(name,
				(outbox) -> outbox.find().projection(new Document("_id", 1)).limit(1).first() != null);
	}

}
