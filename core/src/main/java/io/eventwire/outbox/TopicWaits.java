package io.eventwire.outbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import io.eventwire.internal.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

/**
 * Topics the relay waits for after a send failed for a reason that may pass (the broker
 * unreachable, a timeout, Write revoked or credentials rotated): each topic waits on its own
 * backoff, doubling from the poll interval to 30 s, while the events of other topics go on. Nothing
 * is counted as an attempt. Only the relay thread uses it.
 */
final class TopicWaits {

	private static final Logger logger = LoggerFactory.getLogger(TopicWaits.class);

	static final Duration MAX_WAIT = Duration.ofSeconds(30);

	private final Duration firstWait;

	private final Map<String, Wait> waits = new HashMap<>();

	// What health and meters read, from other threads: the topics sends to failed and have not
	// gone through since.
	private volatile Set<String> failing = Set.of();

	TopicWaits(Duration firstWait) {
		this.firstWait = firstWait;
	}

	/**
	 * The topic waits (longer each time in a row).
	 * @param topic the topic a send to failed
	 * @param failure why
	 */
	void failed(String topic, Throwable failure) {
		String cause = LogSafe.escape(NestedExceptionUtils.getMostSpecificCause(failure).toString());
		Wait last = this.waits.get(topic);
		Duration wait = (last == null) ? this.firstWait : last.duration().multipliedBy(2);
		if (wait.compareTo(MAX_WAIT) > 0) {
			wait = MAX_WAIT;
		}
		if (last == null) {
			logger.warn("Outbox relay waits for topic {}: Kafka did not take an event ({}); it tries again in {}, "
					+ "then less and less often (up to every {}), counting no attempt", topic, cause, wait, MAX_WAIT);
		}
		else {
			logger.debug("Outbox relay still waits for topic {} ({}); next try in {}", topic, cause, wait);
		}
		this.waits.put(topic, new Wait(wait, System.nanoTime() + wait.toNanos(), (last == null) ? 1 : last.tries() + 1));
		this.failing = Set.copyOf(this.waits.keySet());
	}

	/**
	 * A send to the topic went through: it waits no more.
	 */
	void succeeded(String topic) {
		Wait last = this.waits.remove(topic);
		if (last != null) {
			this.failing = Set.copyOf(this.waits.keySet());
			logger.info("Outbox relay sends to topic {} again, after {} failed tries", topic, last.tries());
		}
	}

	/**
	 * @return the topics sends to failed and have not gone through since (any thread may ask)
	 */
	Set<String> failing() {
		return this.failing;
	}

	/**
	 * @return the topics whose wait has not ended yet
	 */
	Set<String> waiting() {
		long now = System.nanoTime();
		Set<String> waiting = new HashSet<>();
		this.waits.forEach((topic, wait) -> {
			if (wait.until() - now > 0) {
				waiting.add(topic);
			}
		});
		return waiting;
	}

	/**
	 * @return nanoseconds until the first wait that has not ended yet ends, if any
	 */
	OptionalLong nanosUntilFirstEnds() {
		long now = System.nanoTime();
		return this.waits.values().stream().mapToLong((wait) -> wait.until() - now).filter((left) -> left > 0).min();
	}

	private record Wait(Duration duration, long until, int tries) {
	}

}
