package io.eventwire.retry;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * When a consumer group's circuit breaker opens and how long it stays open.
 *
 * @param enabled whether the breaker is used at all
 * @param failureThreshold how many different events in a row must exhaust their retries to open it
 * @param openDuration how long it stays open before the failing event is tried again
 * @param maxOpenDuration the longest it stays open: the duration doubles after each failed trial up
 * to this
 */
public record CircuitBreakerSettings(boolean enabled, int failureThreshold, Duration openDuration,
		Duration maxOpenDuration) {

	/** The breaker turned off: every exhausted event is dead-lettered. */
	public static final CircuitBreakerSettings DISABLED = new CircuitBreakerSettings(false, 1, Duration.ofSeconds(1),
			Duration.ofSeconds(1));

	public CircuitBreakerSettings {
		Assert.isTrue(failureThreshold >= 1, "failureThreshold must be at least 1");
		Assert.isTrue(!openDuration.isNegative() && !openDuration.isZero(), "openDuration must be positive");
		Assert.isTrue(maxOpenDuration.compareTo(openDuration) >= 0, "maxOpenDuration must not be below openDuration");
	}

}
