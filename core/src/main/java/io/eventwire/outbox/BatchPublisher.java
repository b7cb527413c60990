package io.eventwire.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.mongodb.client.model.WriteModel;
import io.eventwire.internal.LogSafe;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes one batch of outbox events: sends them all without waiting between records, awaits
 * every acknowledgement (renewing the leases meanwhile), then marks the outcome in one bulk write,
 * but only while the leases are still this instance's: after a pause longer than the lease the
 * marks are left to the shard's next holder, which sends those events again with the same ids.
 */
final class BatchPublisher {

	private static final Logger logger = LoggerFactory.getLogger(BatchPublisher.class);

	private static final Duration MAX_WAIT = Duration.ofMinutes(5);

	private final OutboxSender sender;

	private final LeaseKeeper leases;

	private final OutboxMetrics metrics;

	private final int maxAttempts;

	private final long renewSliceMillis;

	private final Clock clock;

	private final TopicWaits waits;

	BatchPublisher(OutboxSender sender, LeaseKeeper leases, OutboxMetrics metrics, OutboxRelaySettings settings,
			Clock clock, TopicWaits waits) {
		this.sender = sender;
		this.leases = leases;
		this.metrics = metrics;
		this.maxAttempts = settings.maxAttempts();
		this.renewSliceMillis = Math.max(1, settings.leaseDuration().toMillis() / 3);
		this.clock = clock;
		this.waits = waits;
	}

	/**
	 * @param batch events of held shards, in write order
	 * @param marks records the outcome where the batch was read from
	 * @return whether every event of the batch was published and marked; an event Kafka did not take
	 * for a reason that may pass makes its topic wait ({@link TopicWaits}) and stays pending, with
	 * the later events of its key
	 */
	boolean publish(List<Document> batch, OutboxMarks marks) throws InterruptedException {
		long started = System.nanoTime();
		List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(batch.size());
		for (Document event : batch) {
			// Paused (or slowed) past the local lease deadline in the middle of the batch: what is not
			// sent yet may be another instance's to send now.
			CompletableFuture<SendResult<String, byte[]>> send = this.sender.send(event, this.leases::stillHeld);
			if (send == null) {
				break;
			}
			sends.add(send);
			if (SendFailures.refusedForNow(send)) {
				// The producer refused at once because Kafka is unreachable (no metadata, say): sending the
				// rest now could let a later event of a key overtake this one if Kafka came back in between.
				break;
			}
		}
		if (!sends.isEmpty()) {
			this.sender.flush();
		}
		List<WriteModel<Document>> outcomes = new ArrayList<>();
		List<Document> publishedEvents = new ArrayList<>(sends.size());
		Set<String> keysWithFailures = new HashSet<>();
		Set<String> waitingTopics = new HashSet<>();
		Set<String> acknowledgedTopics = new HashSet<>();
		Date now = Date.from(this.clock.instant());
		for (int i = 0; i < sends.size(); i++) {
			Document event = batch.get(i);
			String key = event.getString(OutboxDocuments.TOPIC) + '\u0000' + event.getString(OutboxDocuments.KEY);
			Throwable failure = await(sends.get(i));
			if (failure == null) {
				acknowledgedTopics.add(event.getString(OutboxDocuments.TOPIC));
				// After a failure of its key, an event stays pending and goes out again behind the failed
				// one: a duplicate with the same event id rather than a gap in the key's order.
				if (!keysWithFailures.contains(key)) {
					publishedEvents.add(event);
				}
			}
			else if (SendFailures.isPermanent(failure)) {
				keysWithFailures.add(key);
				outcomes.add(permanentFailure(event, failure, marks));
			}
			else {
				keysWithFailures.add(key);
				if (waitingTopics.add(event.getString(OutboxDocuments.TOPIC))) {
					this.waits.failed(event.getString(OutboxDocuments.TOPIC), failure);
				}
			}
		}
		if (!this.leases.stillHeld()) {
			logger.warn("The outbox shard leases ran out while a batch of {} events was sent; the shards' next "
					+ "holder marks them (and sends them again, with the same event ids)", batch.size());
			return false;
		}
		if (!publishedEvents.isEmpty()) {
			outcomes.addAll(marks.published(publishedEvents, now));
		}
		marks.mark(outcomes);
		int published = publishedEvents.size();
		this.metrics.batch(published, System.nanoTime() - started);
		acknowledgedTopics.removeAll(waitingTopics);
		acknowledgedTopics.forEach(this.waits::succeeded);
		return published == batch.size();
	}

	/**
	 * Wait for a send's outcome, renewing the leases meanwhile. The producer's delivery.timeout.ms
	 * bounds the wait; MAX_WAIT only guards against a send that never completes.
	 */
	private @Nullable Throwable await(CompletableFuture<SendResult<String, byte[]>> send) throws InterruptedException {
		long deadline = System.nanoTime() + MAX_WAIT.toNanos();
		while (true) {
			try {
				send.get(this.renewSliceMillis, TimeUnit.MILLISECONDS);
				return null;
			}
			catch (ExecutionException ex) {
				return ex.getCause();
			}
			catch (TimeoutException ex) {
				if (System.nanoTime() > deadline) {
					return ex;
				}
				this.leases.renewWhileWaiting();
			}
		}
	}

	private WriteModel<Document> permanentFailure(Document event, Throwable failure, OutboxMarks marks) {
		int attempts = event.getInteger(OutboxDocuments.ATTEMPTS, 0) + 1;
		String reason = LogSafe.escape(NestedExceptionUtils.getMostSpecificCause(failure).toString());
		boolean giveUp = attempts >= this.maxAttempts;
		if (giveUp) {
			logger.error("Giving up on outbox event {} of type '{}' for {} after {} attempts: {}. It stays in the "
					+ "outbox marked failed; see the outbox documentation to retry or discard it.",
					event.get(OutboxDocuments.EVENT_ID), event.get(OutboxDocuments.TYPE), event.get(OutboxDocuments.TOPIC),
					attempts, reason);
			this.metrics.failed(event.getString(OutboxDocuments.TOPIC));
		}
		else {
			logger.warn("Attempt {} to publish outbox event {} of type '{}' failed: {}", attempts,
					event.get(OutboxDocuments.EVENT_ID), event.get(OutboxDocuments.TYPE), reason);
		}
		return marks.attemptFailed(event, attempts, reason, giveUp);
	}

}
