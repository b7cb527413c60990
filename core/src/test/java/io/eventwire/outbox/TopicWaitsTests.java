package io.eventwire.outbox;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each topic waits on its own backoff, doubling up to 30 s, and not at all once a send went through.
 */
class TopicWaitsTests {

	private final TopicWaits waits = new TopicWaits(Duration.ofMillis(100));

	@Test
	void aTopicWaitsLongerEachTimeInARowUpToThirtySeconds() {
		this.waits.failed("payments", new IllegalStateException("denied"));
		assertThat(this.waits.waiting()).containsExactly("payments");
		assertThat(this.waits.nanosUntilFirstEnds().getAsLong()).isBetween(1L, Duration.ofMillis(100).toNanos());
		await().atMost(Duration.ofSeconds(5)).until(() -> this.waits.waiting().isEmpty());
		assertThat(this.waits.nanosUntilFirstEnds()).isEmpty();
		this.waits.failed("payments", new IllegalStateException("denied"));
		assertThat(this.waits.nanosUntilFirstEnds().getAsLong()).isGreaterThan(Duration.ofMillis(100).toNanos());
		for (int i = 0; i < 20; i++) {
			this.waits.failed("payments", new IllegalStateException("denied"));
		}
		assertThat(this.waits.nanosUntilFirstEnds().getAsLong()).isLessThanOrEqualTo(TopicWaits.MAX_WAIT.toNanos());
	}

	@Test
	void aSendThatWentThroughEndsTheWaitAndOtherTopicsNeverWait() {
		this.waits.failed("payments", new IllegalStateException("denied"));
		assertThat(this.waits.waiting()).doesNotContain("orders");
		this.waits.succeeded("payments");
		assertThat(this.waits.waiting()).isEmpty();
		this.waits.failed("payments", new IllegalStateException("denied"));
		assertThat(this.waits.nanosUntilFirstEnds().getAsLong()).isLessThanOrEqualTo(Duration.ofMillis(100).toNanos());
	}

}
