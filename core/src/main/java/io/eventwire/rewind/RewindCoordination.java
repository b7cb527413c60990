package io.eventwire.rewind;

import java.time.Clock;
import java.time.Duration;

import io.eventwire.consume.EventListenerContainers;
import io.eventwire.consume.ReplayMarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a rewind means on every instance: a group stops while its rewind is
 * {@link RewindState.Phase#STOPPING} (and does not start then), starts again once it is rewound or
 * aborted, and its events below the offsets it had reached are rewound events.
 */
public final class RewindCoordination implements ReplayMarks {

	private static final Logger logger = LoggerFactory.getLogger(RewindCoordination.class);

	private final RewindLog log;

	private final Duration stale;

	private final Clock clock;

	/**
	 * @param log the rewinds topic
	 * @param stale after how long a rewind still stopping lost the instance that asked for it, so that
	 * groups start again
	 * @param clock tells the time
	 */
	public RewindCoordination(RewindLog log, Duration stale, Clock clock) {
		this.log = log;
		this.stale = stale;
		this.clock = clock;
	}

	/**
	 * Follow the rewinds with the service's containers: mark rewound events, leave a group being
	 * rewound stopped at startup, and stop and start groups as their rewinds go.
	 * @param containers the containers, before their translators are discovered
	 */
	public void follow(EventListenerContainers containers) {
		containers.setRewinds(this, this::mayStart);
		this.log.addListener((state) -> containers.getContainers()
			.stream()
			.filter((container) -> state.groupId().equals(container.getGroupId()))
			.findFirst()
			.ifPresent((container) -> {
				if (state.phase() == RewindState.Phase.STOPPING) {
					// Its consumers leave the group, which Kafka then reports empty.
					container.stop();
					logger.info("eventwire consumer group '{}' stopped for rewind {}", state.groupId(), state.rewind());
				}
				else if (containers.isRunning() && !container.isRunning()) {
					container.start();
					logger.info("eventwire consumer group '{}' started again after rewind {} ({})", state.groupId(),
							state.rewind(), state.phase());
				}
			}));
	}

	/**
	 * @param groupId a consumer group
	 * @return whether it may start now: not while it is being rewound
	 */
	public boolean mayStart(String groupId) {
		return this.log.state(groupId)
			.map((state) -> state.phase() != RewindState.Phase.STOPPING || state.isStale(this.clock.instant(), this.stale))
			.orElse(true);
	}

	@Override
	public long rewindOf(String groupId, String topic, int partition, long offset) {
		RewindState state = this.log.state(groupId).orElse(null);
		return (state != null && state.rewinds(topic, partition, offset)) ? state.rewind() : -1;
	}

}
