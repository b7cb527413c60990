package io.eventwire.consume;

import io.eventwire.dispatch.DispatchChain;
import io.eventwire.dispatch.DispatchStep;
import io.eventwire.dispatch.Delivery;

/**
 * The dispatch step that marks events handled again because their group was rewound (below the
 * offsets the group had reached when it was rewound), and skips them for handlers that take no
 * rewound events ({@code @OnEvent(replay = false)}). Replayed dead letters are no rewound events.
 */
final class Replays implements DispatchStep {

	private final String groupId;

	private final ReplayMarks marks;

	Replays(String groupId, ReplayMarks marks) {
		this.groupId = groupId;
		this.marks = marks;
	}

	@Override
	public boolean apply(Delivery delivery, DispatchChain next) {
		if (!delivery.fromRetryTopic()) {
			long rewind = this.marks.rewindOf(this.groupId, delivery.record().topic(), delivery.record().partition(),
					delivery.record().offset());
			if (rewind >= 0) {
				delivery.replayOf(rewind);
				if (!delivery.route(EventRoutes.Route.class).handler().replays()) {
					return false;
				}
			}
		}
		return next.proceed(delivery);
	}

}
