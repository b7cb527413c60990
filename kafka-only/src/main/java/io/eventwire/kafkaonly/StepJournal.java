package io.eventwire.kafkaonly;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * The steps applied, in order, and the steps that cannot be applied yet: a step can be made to
 * fail a number of times (a passing outage) or until further notice (a bug, fixed later).
 */
@Component
public class StepJournal {

	private final List<String> applied = new ArrayList<>();

	private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

	void apply(Step step) {
		this.attempts.computeIfAbsent(step.name(), (name) -> new AtomicInteger()).incrementAndGet();
		AtomicInteger left = this.failuresLeft.get(step.name());
		if (left != null && left.getAndUpdate((n) -> Math.max(n - 1, 0)) > 0) {
			throw new IllegalStateException("cannot apply " + step.name() + " yet");
		}
		synchronized (this.applied) {
			this.applied.add(step.name());
		}
	}

	/**
	 * @param step a step's name, {@code key:seq}
	 * @param times how many times it fails before it is applied ({@link Integer#MAX_VALUE}: until
	 * {@link #fix(String)})
	 */
	public void failing(String step, int times) {
		this.failuresLeft.put(step, new AtomicInteger(times));
	}

	/**
	 * @param step a step that failed until now and is applied from now on
	 */
	public void fix(String step) {
		this.failuresLeft.remove(step);
	}

	/**
	 * @return the steps applied, in order
	 */
	public List<String> applied() {
		synchronized (this.applied) {
			return List.copyOf(this.applied);
		}
	}

	/**
	 * @param step a step's name
	 * @return how often its handler ran
	 */
	public int attempts(String step) {
		AtomicInteger count = this.attempts.get(step);
		return (count != null) ? count.get() : 0;
	}

}
