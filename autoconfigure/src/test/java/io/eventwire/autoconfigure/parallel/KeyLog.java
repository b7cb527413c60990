package io.eventwire.autoconfigure.parallel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import io.eventwire.EventMetadata;
import io.eventwire.correlation.CorrelationId;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.slf4j.MDC;

/**
 * What the handlers of a test saw: each key's events in the order handled, how many were in
 * flight at once (overall and per key), the correlation id in the MDC of each call, and which
 * events fail (a predicate the test changes).
 */
final class KeyLog {

	private final Duration work;

	private final Map<String, List<Integer>> handled = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> inFlightPerKey = new ConcurrentHashMap<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private final AtomicInteger maxInFlightOfOneKey = new AtomicInteger();

	private final AtomicInteger attempts = new AtomicInteger();

	private final Set<String> failedEvents = ConcurrentHashMap.newKeySet();

	private final Set<String> mdcMismatches = ConcurrentHashMap.newKeySet();

	private final Set<String> outsideTrace = ConcurrentHashMap.newKeySet();

	private volatile Predicate<Step> failing = (step) -> false;

	private volatile RuntimeException failure = new IllegalStateException("cannot apply");

	private volatile Tracer tracer = Tracer.NOOP;

	/**
	 * @param work how long a handler waits (on I/O, as it were)
	 */
	KeyLog(Duration work) {
		this.work = work;
	}

	void tracer(Tracer tracer) {
		this.tracer = tracer;
	}

	void handle(Step step, EventMetadata metadata) {
		this.attempts.incrementAndGet();
		AtomicInteger ofKey = this.inFlightPerKey.computeIfAbsent(step.key(), (key) -> new AtomicInteger());
		this.maxInFlightOfOneKey.accumulateAndGet(ofKey.incrementAndGet(), Math::max);
		this.maxInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
		try {
			if (!metadata.correlationId().equals(MDC.get(CorrelationId.mdcKey()))) {
				this.mdcMismatches.add(step.name());
			}
			// The trace of the publisher continues on the handler's thread.
			Span span = this.tracer.currentSpan();
			String traceparent = metadata.headers().getOrDefault("traceparent", "");
			if (span == null || !traceparent.contains("-" + span.context().traceId() + "-")) {
				this.outsideTrace.add(step.name());
			}
			LockSupport.parkNanos(this.work.toNanos());
			if (this.failing.test(step)) {
				this.failedEvents.add(step.name());
				throw this.failure;
			}
			this.handled.computeIfAbsent(step.key(), (key) -> java.util.Collections.synchronizedList(new ArrayList<>()))
				.add(step.seq());
		}
		finally {
			this.inFlight.decrementAndGet();
			ofKey.decrementAndGet();
		}
	}

	void fail(Predicate<Step> failing, RuntimeException failure) {
		this.failure = failure;
		this.failing = failing;
	}

	void fix() {
		this.failing = (step) -> false;
	}

	List<Integer> handled(String key) {
		List<Integer> seqs = this.handled.get(key);
		if (seqs == null) {
			return List.of();
		}
		synchronized (seqs) {
			return List.copyOf(seqs);
		}
	}

	int handledCount() {
		return this.handled.values().stream().mapToInt(List::size).sum();
	}

	int maxInFlight() {
		return this.maxInFlight.get();
	}

	int maxInFlightOfOneKey() {
		return this.maxInFlightOfOneKey.get();
	}

	int attempts() {
		return this.attempts.get();
	}

	/**
	 * @return the events whose handler failed at least once
	 */
	Set<String> failedEvents() {
		return this.failedEvents;
	}

	Set<String> mdcMismatches() {
		return this.mdcMismatches;
	}

	Set<String> outsideTrace() {
		return this.outsideTrace;
	}

	record Step(String key, int seq) {

		String name() {
			return this.key + ":" + this.seq;
		}

	}

}
