package io.eventwire.keyorder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The parked keys of a service and their parked events, as read from the parking topic. Every
 * instance holds all of them; they are few (a parked key waits for an operator).
 */
public class ParkedKeys {

	private final Map<TopicKey, KeyState> states = new ConcurrentHashMap<>();

	private final Map<TopicKey, NavigableMap<ParkedId, ParkedEvent>> events = new ConcurrentHashMap<>();

	/**
	 * @return whether no key is parked (the common case, checked first for every event)
	 */
	public boolean isEmpty() {
		return this.states.isEmpty() && this.events.isEmpty();
	}

	/**
	 * @param key a topic and key
	 * @return whether later events of the key must wait: it has a dead letter not yet replayed or
	 * discarded, or parked events not yet handled
	 */
	public boolean isParked(TopicKey key) {
		return this.states.containsKey(key) || this.events.containsKey(key);
	}

	/**
	 * @param key a topic and key
	 * @return why the key is parked, or {@code null} when it has no state (free, or parked events
	 * left behind by a release that ended while they were parked)
	 */
	public @Nullable KeyState state(TopicKey key) {
		return this.states.get(key);
	}

	/**
	 * @param key a topic and key
	 * @return the key's parked events, in their original order
	 */
	public List<ParkedEvent> events(TopicKey key) {
		NavigableMap<ParkedId, ParkedEvent> parked = this.events.get(key);
		return (parked != null) ? List.copyOf(parked.values()) : List.of();
	}

	/**
	 * @param key a topic and key
	 * @return whether any of its events is parked
	 */
	public boolean hasEvents(TopicKey key) {
		NavigableMap<ParkedId, ParkedEvent> parked = this.events.get(key);
		return parked != null && !parked.isEmpty();
	}

	/**
	 * @param key a topic and key
	 * @param max how many at most
	 * @return the key's first parked events, in their order
	 */
	public List<ParkedEvent> firstEvents(TopicKey key, int max) {
		NavigableMap<ParkedId, ParkedEvent> parked = this.events.get(key);
		return (parked != null) ? parked.values().stream().limit(max).toList() : List.of();
	}

	/**
	 * @param key a topic and key
	 * @param id where an event was read
	 * @return whether that event is parked
	 */
	public boolean contains(TopicKey key, ParkedId id) {
		NavigableMap<ParkedId, ParkedEvent> parked = this.events.get(key);
		return parked != null && parked.containsKey(id);
	}

	/**
	 * @param key a topic and key
	 * @param id where an event was read
	 * @return whether the key has a parked event at or before that one
	 */
	public boolean hasEventsUpTo(TopicKey key, ParkedId id) {
		NavigableMap<ParkedId, ParkedEvent> parked = this.events.get(key);
		return parked != null && !parked.headMap(id, true).isEmpty();
	}

	/**
	 * @return every parked key
	 */
	public Set<TopicKey> keys() {
		Set<TopicKey> keys = new HashSet<>(this.states.keySet());
		keys.addAll(this.events.keySet());
		return keys;
	}

	/**
	 * @return every parked event, per key in order
	 */
	public List<ParkedEvent> allEvents() {
		List<ParkedEvent> all = new ArrayList<>();
		this.events.values().forEach((parked) -> all.addAll(parked.values()));
		return all;
	}

	/**
	 * @return how many keys are parked
	 */
	public int keyCount() {
		return keys().size();
	}

	/**
	 * @return how many events are parked
	 */
	public int eventCount() {
		return this.events.values().stream().mapToInt(Map::size).sum();
	}

	/**
	 * @return when the longest-parked key was parked, or {@code null} when none is
	 */
	public @Nullable Instant oldestParkedAt() {
		return Stream
			.concat(this.states.values().stream().map(KeyState::since),
					this.events.values().stream().flatMap((parked) -> parked.values().stream()).map(ParkedEvent::parkedAt))
			.min(Instant::compareTo)
			.orElse(null);
	}

	void putState(KeyState state) {
		this.states.put(state.key(), state);
	}

	void removeState(TopicKey key) {
		this.states.remove(key);
	}

	void putEvent(ParkedEvent event) {
		this.events.compute(event.key(), (key, parked) -> {
			NavigableMap<ParkedId, ParkedEvent> map = (parked != null) ? parked : new ConcurrentSkipListMap<>();
			map.put(event.id(), event);
			return map;
		});
	}

	void removeEvent(TopicKey key, ParkedId id) {
		this.events.computeIfPresent(key, (k, parked) -> {
			parked.remove(id);
			return parked.isEmpty() ? null : parked;
		});
	}

}
