package io.eventwire.consume;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

import io.eventwire.parallel.KeyParallelDispatcher;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * {@link EventConsumers} over the containers of {@link EventListenerContainers}, paused and resumed
 * with Spring Kafka's container pause (which keeps the assignment and takes effect at the next
 * poll), apart from the partition pauses of eventwire's backoff: on every instance through
 * {@link GroupPauses} where there is one, on this instance otherwise.
 */
public final class ListenerContainerConsumers implements EventConsumers {

	private static final Logger logger = LoggerFactory.getLogger(ListenerContainerConsumers.class);

	private final EventListenerContainers containers;

	private final @Nullable Rewinds rewinds;

	private final Function<String, EventConsumers.@Nullable Rewind> rewindOf;

	private final @Nullable GroupPauses pauses;

	/**
	 * @param containers eventwire's listener containers
	 */
	public ListenerContainerConsumers(EventListenerContainers containers) {
		this(containers, null);
	}

	/**
	 * @param containers eventwire's listener containers
	 * @param rewinds rewinds groups, or {@code null} when that is not available
	 */
	public ListenerContainerConsumers(EventListenerContainers containers, @Nullable Rewinds rewinds) {
		this(containers, rewinds, (groupId) -> null);
	}

	/**
	 * @param containers eventwire's listener containers
	 * @param rewinds rewinds groups, or {@code null} when that is not available
	 * @param rewindOf a group's latest rewind, or {@code null}
	 */
	public ListenerContainerConsumers(EventListenerContainers containers, @Nullable Rewinds rewinds,
			Function<String, EventConsumers.@Nullable Rewind> rewindOf) {
		this(containers, rewinds, rewindOf, null);
	}

	/**
	 * @param containers eventwire's listener containers
	 * @param rewinds rewinds groups, or {@code null} when that is not available
	 * @param rewindOf a group's latest rewind, or {@code null}
	 * @param pauses pauses groups on every instance, or {@code null}: a pause holds on this instance only
	 */
	public ListenerContainerConsumers(EventListenerContainers containers, @Nullable Rewinds rewinds,
			Function<String, EventConsumers.@Nullable Rewind> rewindOf, @Nullable GroupPauses pauses) {
		this.containers = containers;
		this.rewinds = rewinds;
		this.rewindOf = rewindOf;
		this.pauses = pauses;
	}

	@Override
	public ConsumerGroup rewind(String groupId, Instant from) {
		MessageListenerContainer container = container(groupId);
		if (this.rewinds == null) {
			return EventConsumers.super.rewind(groupId, from);
		}
		this.rewinds.rewind(groupId, from);
		return describe(container);
	}

	@Override
	public List<ConsumerGroup> groups() {
		return this.containers.getContainers().stream().map(this::describe).toList();
	}

	@Override
	public ConsumerGroup pause(String groupId) {
		MessageListenerContainer container = container(groupId);
		if (this.pauses != null) {
			this.pauses.pause(groupId);
		}
		else {
			container.pause();
		}
		logger.info("eventwire consumer group '{}' pauses{}", groupId, (this.pauses != null) ? " on every instance" : "");
		return describe(container);
	}

	@Override
	public ConsumerGroup resume(String groupId) {
		MessageListenerContainer container = container(groupId);
		if (this.pauses != null) {
			this.pauses.resume(groupId);
		}
		else {
			container.resume();
		}
		logger.info("eventwire consumer group '{}' resumes{}", groupId, (this.pauses != null) ? " on every instance" : "");
		return describe(container);
	}

	private MessageListenerContainer container(String groupId) {
		return this.containers.getContainers()
			.stream()
			.filter((container) -> groupId.equals(container.getGroupId()))
			.findFirst()
			.orElseThrow(() -> new NoSuchElementException("No eventwire consumer group '" + groupId + "'; there are "
					+ groups().stream().map(ConsumerGroup::groupId).toList()));
	}

	private ConsumerGroup describe(MessageListenerContainer container) {
		String[] topics = container.getContainerProperties().getTopics();
		String groupId = String.valueOf(container.getGroupId());
		KeyParallelDispatcher parallel = this.containers.keyParallel(groupId);
		return new ConsumerGroup(groupId, (topics != null) ? Arrays.asList(topics) : List.of(), container.isRunning(),
				(this.pauses != null) ? this.pauses.isPauseRequested(groupId) : container.isPauseRequested(),
				container.isContainerPaused(),
				(parallel != null) ? parallel.settings().parallelism() : 1, (parallel != null) ? parallel.inFlight() : 0,
				(parallel != null) ? parallel.queued() : 0, this.rewindOf.apply(groupId));
	}

}
