package io.eventwire.autoconfigure.keyorder;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the handlers of a test saw, shared by the instances of the service the test runs (they
 * restart and take over from each other), and which events they refuse.
 */
final class StepLog {

	private final List<String> handled = new ArrayList<>();

	private final Set<String> broken = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean fixed = new AtomicBoolean();

	StepLog(String... broken) {
		this.broken.addAll(List.of(broken));
	}

	void handle(Step step) {
		String name = step.name();
		if (!this.fixed.get() && this.broken.contains(name)) {
			throw new IllegalStateException("cannot apply " + name);
		}
		synchronized (this.handled) {
			this.handled.add(name);
		}
	}

	void fix() {
		this.fixed.set(true);
	}

	List<String> handled() {
		synchronized (this.handled) {
			return List.copyOf(this.handled);
		}
	}

	/**
	 * @return what was handled of one key, in order
	 */
	List<String> handled(String key) {
		return handled().stream().filter((name) -> name.startsWith(key + ":")).toList();
	}

	record Step(String key, int seq) {

		String name() {
			return this.key + ":" + this.seq;
		}

	}

}
