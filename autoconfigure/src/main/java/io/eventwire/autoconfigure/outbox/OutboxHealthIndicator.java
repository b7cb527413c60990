package io.eventwire.autoconfigure.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import io.eventwire.outbox.OutboxRelay;
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
		Date oldest = this.relay.oldestPending();
		Duration age = (oldest != null) ? Duration.between(oldest.toInstant(), this.clock.instant()) : Duration.ZERO;
		builder.status((age.compareTo(this.maxPendingAge) > 0) ? org.springframework.boot.health.contributor.Status.DOWN
				: org.springframework.boot.health.contributor.Status.UP)
			.withDetail("pending", this.relay.pendingCount())
			.withDetail("oldestPendingAge", age.toString())
			.withDetail("maxPendingAge", this.maxPendingAge.toString())
			.withDetail("failed", this.relay.failedCount());
	}

}
