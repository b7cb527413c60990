package io.eventwire.dispatch;

import java.util.List;

/**
 * The rest of a record's path: the steps after the current one. Built once per consumer group,
 * so a record's path allocates nothing for its steps.
 */
@FunctionalInterface
public interface DispatchChain {

	/**
	 * @param delivery the record and what the steps so far learned of it
	 * @return whether a handler ran and returned
	 */
	boolean proceed(Delivery delivery);

	/**
	 * @param steps the steps, in order
	 * @return the chain that runs them; its end returns {@code false} (no handler ran)
	 */
	static DispatchChain of(List<DispatchStep> steps) {
		DispatchChain chain = (delivery) -> false;
		for (int i = steps.size() - 1; i >= 0; i--) {
			DispatchStep step = steps.get(i);
			DispatchChain next = chain;
			chain = (delivery) -> step.apply(delivery, next);
		}
		return chain;
	}

}
