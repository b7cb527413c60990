package io.eventwire.keyorder;

import io.eventwire.dispatch.DispatchChain;
import io.eventwire.dispatch.DispatchStep;
import io.eventwire.dispatch.Delivery;
import org.jspecify.annotations.Nullable;

/**
 * The dispatch step that takes the retry topic's release requests: they ask to release a parked
 * key and carry no event, so no handler sees them (and they are skipped when key order is off).
 */
public final class ReleaseRequests implements DispatchStep {

	private final @Nullable KeyOrder keyOrder;

	/**
	 * @param keyOrder the group's key order, or {@code null} when it is off
	 */
	public ReleaseRequests(@Nullable KeyOrder keyOrder) {
		this.keyOrder = keyOrder;
	}

	@Override
	public boolean apply(Delivery delivery, DispatchChain next) {
		if (delivery.fromRetryTopic() && KeyOrder.isReleaseRequest(delivery.record())) {
			if (this.keyOrder != null) {
				this.keyOrder.releaseRequested(delivery.record());
			}
			return false;
		}
		return next.proceed(delivery);
	}

}
