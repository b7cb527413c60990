package io.eventwire.retry;

import java.time.Duration;
import java.time.Instant;

import io.eventwire.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

	private final CircuitBreaker breaker = new CircuitBreaker("orders",
			new CircuitBreakerSettings(true, 3, Duration.ofSeconds(30), Duration.ofSeconds(100)), this.clock);

	private final IllegalStateException failure = new IllegalStateException("downstream broken");

	@Test
	void opensWhenThresholdDifferentEventsInARowExhaustTheirRetries() {
		assertThat(this.breaker.exhausted("t-0@1", this.failure)).isNull();
		assertThat(this.breaker.exhausted("t-0@2", this.failure)).isNull();
		assertThat(this.breaker.isOpen()).isFalse();

		assertThat(this.breaker.exhausted("t-0@3", this.failure)).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.breaker.isOpen()).isTrue();
		assertThat(this.breaker.openedAt()).isEqualTo(this.clock.instant());
		assertThat(this.breaker.reason()).contains("3 events in a row").contains("downstream broken");
		assertThat(this.breaker.opening()).isEqualTo(new CircuitBreaker.Opening(this.clock.instant(), this.breaker.reason()));
		assertThat(this.breaker.openings()).isEqualTo(1);
	}

	@Test
	void aProbeNeverSeesAnOpenBreakerWithoutItsReason() throws Exception {
		Thread flapping = new Thread(() -> {
			for (int i = 0; i < 2_000; i++) {
				this.breaker.exhausted("t-0@" + (3 * i), this.failure);
				this.breaker.exhausted("t-0@" + (3 * i + 1), this.failure);
				this.breaker.exhausted("t-0@" + (3 * i + 2), this.failure);
				this.breaker.succeeded();
			}
		});
		flapping.start();
		int seenOpen = 0;
		while (flapping.isAlive()) {
			CircuitBreaker.Opening opening = this.breaker.opening();
			if (opening != null) {
				seenOpen++;
				assertThat(opening.reason()).isNotBlank();
			}
		}
		flapping.join();
		assertThat(this.breaker.openings()).isEqualTo(2_000);
		assertThat(seenOpen).as("probes that saw it open").isPositive();
	}

	@Test
	void theSameEventCountsOnceAndASuccessResetsTheCount() {
		this.breaker.exhausted("t-0@1", this.failure);
		this.breaker.exhausted("t-0@1", this.failure);
		assertThat(this.breaker.consecutiveFailures()).isEqualTo(1);

		this.breaker.exhausted("t-0@2", this.failure);
		this.breaker.succeeded();
		assertThat(this.breaker.consecutiveFailures()).isZero();
		assertThat(this.breaker.exhausted("t-0@3", this.failure)).isNull();
		assertThat(this.breaker.exhausted("t-0@4", this.failure)).isNull();
		assertThat(this.breaker.isOpen()).isFalse();
	}

	@Test
	void eachFailedTrialDoublesTheOpenDurationUpToTheMaximum() {
		open();
		// Another consumer's event while open waits for the rest of the same period.
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.breaker.exhausted("t-1@7", this.failure)).isEqualTo(Duration.ofSeconds(20));

		this.clock.advance(Duration.ofSeconds(20));
		assertThat(this.breaker.exhausted("t-0@3", this.failure)).isEqualTo(Duration.ofSeconds(60));
		this.clock.advance(Duration.ofSeconds(60));
		assertThat(this.breaker.exhausted("t-0@3", this.failure)).isEqualTo(Duration.ofSeconds(100));
		this.clock.advance(Duration.ofSeconds(100));
		assertThat(this.breaker.exhausted("t-0@3", this.failure)).isEqualTo(Duration.ofSeconds(100));
		assertThat(this.breaker.openings()).isEqualTo(1);
	}

	@Test
	void aSuccessClosesItAndTheNextOpeningStartsFromTheOpenDuration() {
		open();
		this.clock.advance(Duration.ofSeconds(30));
		this.breaker.exhausted("t-0@3", this.failure);

		this.breaker.succeeded();
		assertThat(this.breaker.isOpen()).isFalse();
		assertThat(this.breaker.reason()).isNull();
		assertThat(this.breaker.opening()).isNull();
		assertThat(this.breaker.closings()).isEqualTo(1);

		assertThat(open()).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.breaker.openings()).isEqualTo(2);
	}

	@Test
	void aDisabledBreakerNeverHoldsAnEvent() {
		CircuitBreaker disabled = new CircuitBreaker("orders", CircuitBreakerSettings.DISABLED, this.clock);
		for (int i = 0; i < 10; i++) {
			assertThat(disabled.exhausted("t-0@" + i, this.failure)).isNull();
		}
		assertThat(disabled.isOpen()).isFalse();
	}

	private Duration open() {
		this.breaker.exhausted("t-0@1", this.failure);
		this.breaker.exhausted("t-0@2", this.failure);
		return this.breaker.exhausted("t-0@3", this.failure);
	}

}
