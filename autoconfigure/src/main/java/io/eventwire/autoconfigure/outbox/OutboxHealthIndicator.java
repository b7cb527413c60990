package io.eventwire.autoconfigure.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.TreeSet;

import io.eventwire.outbox.OutboxRelay;
import io.eventwire.outbox.OutboxStatistics;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The outbox is DOWN when its oldest waiting event is older than a threshold: the relay is not
 * keeping up, or cannot reach Kafka. Details: the pending count, the age of the oldest pending event
 * and the number of events the relay gave up on.
 */
public class OutboxHealthIndicator extends AbstractHealthIndicator {

	private final OutboxRelay relay;

	private final Duration maxPendingAge;

	private final Clock clock;

	/**
	 * @param relay reads the outbox
	 * @param maxPendingAge the age above which the outbox is DOWN
	 * @param clock measures ages
	 */
	public OutboxHealthIndicator(OutboxRelay relay, Duration maxPendingAge, Clock clock) {
		super("Outbox health check failed");
		this.relay = relay;
		this.maxPendingAge = maxPendingAge;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		// From memory: a probe never waits for MongoDB, nor adds load to it.
		OutboxStatistics.Snapshot statistics = this.relay.statistics();
		Date oldest = statistics.oldestPending();
		Duration age = (oldest != null) ? Duration.between(oldest.toInstant(), this.clock.instant()) : Duration.ZERO;
		boolean down = age.compareTo(this.maxPendingAge) > 0 || statistics.failure() != null;
		builder.status(down ? org.springframework.boot.health.contributor.Status.DOWN
				: org.springframework.boot.health.contributor.Status.UP)
			.withDetail("pending", statistics.pending())
			.withDetail("oldestPendingAge", age.toString())
			.withDetail("maxPendingAge", this.maxPendingAge.toString())
			.withDetail("failed", statistics.failed());
		if (!this.relay.waitingTopics().isEmpty()) {
			// Not DOWN by itself: their events wait, and the pending age says when that is too long.
			builder.withDetail("waitingTopics", new TreeSet<>(this.relay.waitingTopics()));
		}
		if (!this.relay.missingPrivileges().isEmpty()) {
			// Not DOWN: the relay goes on with the indexes as they are.
			builder.withDetail("missingPrivileges", this.relay.missingPrivileges());
		}
		if (statistics.failure() != null) {
			builder.withDetail("error", "The outbox could not be read: " + statistics.failure());
		}
	}

}
