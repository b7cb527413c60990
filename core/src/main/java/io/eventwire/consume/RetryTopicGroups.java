package io.eventwire.consume;

import io.eventwire.EventHeaders;
import io.eventwire.dispatch.DispatchChain;
import io.eventwire.dispatch.DispatchStep;
import io.eventwire.dispatch.Delivery;
import io.eventwire.internal.HeaderValues;

/**
 * The dispatch step that passes on only the retry topic's records for this group: a replay goes to
 * the group that failed the event; one that names no group (a requeue by other tooling), and
 * eventwire's own release requests and released events, to the service's group.
 */
final class RetryTopicGroups implements DispatchStep {

	private final String groupId;

	private final boolean serviceGroup;

	RetryTopicGroups(String groupId, boolean serviceGroup) {
		this.groupId = groupId;
		this.serviceGroup = serviceGroup;
	}

	@Override
	public boolean apply(Delivery delivery, DispatchChain next) {
		if (delivery.fromRetryTopic() && !isForThisGroup(delivery)) {
			return false;
		}
		return next.proceed(delivery);
	}

	private boolean isForThisGroup(Delivery delivery) {
		String group = HeaderValues.get(delivery.record().headers(), EventHeaders.CONSUMER_GROUP);
		return (group == null || group.isEmpty()) ? this.serviceGroup : group.equals(this.groupId);
	}

}
