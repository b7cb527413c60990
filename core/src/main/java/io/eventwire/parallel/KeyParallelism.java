package io.eventwire.parallel;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How a consumer group handles the events of different keys side by side.
 *
 * @param parallelism how many events each consumer thread has in flight at once, never two of one
 * key; {@code 1} handles a partition's events one after another, as a plain listener does
 * @param maxBuffered how many events each consumer thread holds (in flight or waiting for their
 * key or a free handler thread) before it pauses its partitions; it resumes them at half of this
 * @param drainTimeout how long the in-flight events of a revoked partition, or of a stopping
 * consumer, get to finish before they are given up (and handled again by the partition's next owner)
 */
public record KeyParallelism(int parallelism, int maxBuffered, Duration drainTimeout) {

	/**
	 * Checks the settings.
	 */
	public KeyParallelism {
		Assert.isTrue(parallelism >= 1, "parallelism must be at least 1");
		Assert.isTrue(maxBuffered >= parallelism, "maxBuffered must be at least the parallelism");
		Assert.isTrue(!drainTimeout.isNegative(), "drainTimeout must not be negative");
	}

	/**
	 * @return whether events of one partition are handled side by side
	 */
	public boolean isParallel() {
		return this.parallelism > 1;
	}

}
