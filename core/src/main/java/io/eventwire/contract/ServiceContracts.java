package io.eventwire.contract;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A service's contracts: the event types it sends and receives, the upcasters it has, and the
 * topics of its dead letters and replays.
 *
 * @param service the service's name
 * @param events what it sends and receives
 * @param upcasters the steps its {@link io.eventwire.EventUpcaster}s cover
 * @param deadLetterTopic its dead-letter topic, or {@code null} when it has none
 * @param retryTopic its retry topic, or {@code null} when it has none
 */
public record ServiceContracts(String service, List<EventContract> events, List<UpcastStep> upcasters,
		@Nullable String deadLetterTopic, @Nullable String retryTopic) {

	public ServiceContracts {
		Assert.hasText(service, "service must not be blank");
		events = List.copyOf(events);
		upcasters = List.copyOf(upcasters);
	}

	/**
	 * @param action send or receive
	 * @return the contracts of that action
	 */
	public List<EventContract> events(EventContract.Action action) {
		return this.events.stream().filter((event) -> event.action() == action).toList();
	}

	/**
	 * @param topic a topic
	 * @param type an event type
	 * @param fromVersion a version
	 * @param toVersion a later version
	 * @return whether upcasters cover every step from one to the other
	 */
	public boolean upcasts(String topic, String type, int fromVersion, int toVersion) {
		for (int version = fromVersion; version < toVersion; version++) {
			if (!this.upcasters.contains(new UpcastStep(topic, type, version))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Keep what an earlier file of this service said it sent and this one no longer does: those
	 * events stay in the topic for the topic's retention, so consumers must still read them.
	 * @param previous the contracts written before (by {@code write}, usually a committed file)
	 * @return these contracts plus the versions sent before, marked retired
	 */
	public ServiceContracts withHistory(ServiceContracts previous) {
		List<EventContract> merged = new ArrayList<>(this.events);
		for (EventContract sent : previous.events(EventContract.Action.SEND)) {
			boolean kept = this.events.stream()
				.anyMatch((event) -> event.action() == EventContract.Action.SEND && event.topic().equals(sent.topic())
						&& event.type().equals(sent.type()) && event.version() == sent.version());
			if (!kept) {
				merged.add(new EventContract(sent.action(), sent.topic(), sent.type(), sent.version(), sent.schema(), null,
						sent.breaking(), true));
			}
		}
		return new ServiceContracts(this.service, merged, this.upcasters, this.deadLetterTopic, this.retryTopic);
	}

	/**
	 * One step of an upcaster chain.
	 *
	 * @param topic the topic
	 * @param type the event type
	 * @param fromVersion the version it upcasts from, to the next
	 */
	public record UpcastStep(String topic, String type, int fromVersion) {
	}

}
