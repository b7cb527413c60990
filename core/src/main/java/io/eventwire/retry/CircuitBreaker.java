package io.eventwire.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.eventwire.internal.LogSafe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker of one consumer group. When {@code failureThreshold} different events in a
 * row exhaust their retries, the failures are systemic (a bug, a broken downstream service) rather
 * than the events' own: the breaker opens, and instead of being dead-lettered the failing events
 * are held, their partitions paused, and tried again after the open duration, which doubles after
 * each failed trial. The first event that succeeds closes it.
 * <p>
 * Events that are not retryable at all (poison) and events waiting for a dependency never reach
 * the breaker: they neither count nor reset the count. Only a handler that ran and returned is a
 * success; records no handler ran for (skipped types, parked events, inbox duplicates) are nothing.
 */
public final class CircuitBreaker {

	private static final Logger logger = LoggerFactory.getLogger(CircuitBreaker.class);

	private final String groupId;

	private final CircuitBreakerSettings settings;

	private final Clock clock;

	private final AtomicLong openings = new AtomicLong();

	private final AtomicLong closings = new AtomicLong();

	// Read without the lock on every handled event, to skip the lock when there is nothing to reset.
	private volatile int consecutive;

	private volatile @Nullable Instant openedAt;

	private volatile @Nullable String reason;

	private @Nullable String lastCounted;

	private Duration currentOpen = Duration.ZERO;

	private Instant openUntil = Instant.MIN;

	CircuitBreaker(String groupId, CircuitBreakerSettings settings, Clock clock) {
		this.groupId = groupId;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * An event exhausted its retries.
	 * @param event the event's coordinates ({@code topic-partition@offset}), so that an event counts once
	 * @param failure its last failure
	 * @return how long to hold the event before trying it again, or {@code null} to give up on it
	 * (dead-letter it)
	 */
	synchronized @Nullable Duration exhausted(String event, Throwable failure) {
		if (!this.settings.enabled()) {
			return null;
		}
		Instant now = this.clock.instant();
		if (this.openedAt != null) {
			if (!now.isBefore(this.openUntil)) {
				// The trial after the open period failed: stay open, for longer.
				Duration doubled = this.currentOpen.multipliedBy(2);
				this.currentOpen = (doubled.compareTo(this.settings.maxOpenDuration()) > 0)
						? this.settings.maxOpenDuration() : doubled;
				this.openUntil = now.plus(this.currentOpen);
				logger.warn("Circuit breaker of consumer group '{}' stays open: {} still fails ({}); trying again in {}",
						this.groupId, event, LogSafe.escape(failure.toString()), this.currentOpen);
			}
			return positive(Duration.between(now, this.openUntil));
		}
		if (!event.equals(this.lastCounted)) {
			this.lastCounted = event;
			this.consecutive++;
		}
		if (this.consecutive < this.settings.failureThreshold()) {
			return null;
		}
		this.openedAt = now;
		this.reason = this.consecutive + " events in a row failed after all retries; the last: "
				+ LogSafe.escape(failure.toString());
		this.currentOpen = this.settings.openDuration();
		this.openUntil = now.plus(this.currentOpen);
		this.openings.incrementAndGet();
		logger.warn("Circuit breaker of consumer group '{}' opened: {} events in a row failed after all retries, "
				+ "the last {} ({}). Nothing is dead-lettered while it is open; the failing events wait and are "
				+ "tried again in {}", this.groupId, this.consecutive, event, LogSafe.escape(failure.toString()),
				this.currentOpen);
		return this.currentOpen;
	}

	/**
	 * An event was handled: the failures were not systemic, or are over.
	 */
	void succeeded() {
		if (this.consecutive == 0 && this.openedAt == null) {
			return;
		}
		synchronized (this) {
			Instant opened = this.openedAt;
			this.consecutive = 0;
			this.lastCounted = null;
			if (opened != null) {
				this.openedAt = null;
				this.reason = null;
				this.closings.incrementAndGet();
				logger.info("Circuit breaker of consumer group '{}' closed: an event succeeded after {} open",
						this.groupId, Duration.between(opened, this.clock.instant()));
			}
		}
	}

	/**
	 * @return whether the breaker is open
	 */
	public boolean isOpen() {
		return this.openedAt != null;
	}

	/**
	 * @return when the breaker opened, or {@code null} while it is closed
	 */
	public @Nullable Instant openedAt() {
		return this.openedAt;
	}

	/**
	 * @return why the breaker is open, or {@code null} while it is closed
	 */
	public @Nullable String reason() {
		return this.reason;
	}

	/**
	 * @return since when and why the breaker is open, read together (a health probe must not see
	 * an open breaker without its reason while it opens or closes), or {@code null} while it is closed
	 */
	public synchronized @Nullable Opening opening() {
		Instant since = this.openedAt;
		String why = this.reason;
		return (since != null && why != null) ? new Opening(since, why) : null;
	}

	/**
	 * An open breaker, as an operator sees it.
	 *
	 * @param since when it opened
	 * @param reason why
	 */
	public record Opening(Instant since, String reason) {
	}

	/**
	 * @return how many different events in a row exhausted their retries
	 */
	public int consecutiveFailures() {
		return this.consecutive;
	}

	/**
	 * @return how often the breaker opened
	 */
	public long openings() {
		return this.openings.get();
	}

	/**
	 * @return how often the breaker closed
	 */
	public long closings() {
		return this.closings.get();
	}

	private static Duration positive(Duration duration) {
		return (duration.isNegative() || duration.isZero()) ? Duration.ofMillis(1) : duration;
	}

}
