package io.eventwire.dlq;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.eventwire.keyorder.KeyState;
import io.eventwire.keyorder.ParkedEvent;
import io.eventwire.keyorder.ParkedKeys;
import org.jspecify.annotations.Nullable;

/**
 * The events parked behind this service's dead letters, as operators see them next to the dead
 * letters: what they wait behind, and why.
 */
final class ParkedLetters {

	private final ParkedKeys keys;

	private final String serviceName;

	ParkedLetters(ParkedKeys keys, String serviceName) {
		this.keys = keys;
		this.serviceName = serviceName;
	}

	/**
	 * @return the parked events, oldest first, each key's in its order
	 */
	List<DeadLetter> list() {
		return this.keys.allEvents()
			.stream()
			.sorted(Comparator.comparing(ParkedEvent::parkedAt).thenComparing(ParkedEvent::id))
			.map(this::toDeadLetter)
			.toList();
	}

	/**
	 * @param eventId an event id
	 * @return the parked event with that id
	 */
	Optional<DeadLetter> find(String eventId) {
		return list().stream().filter((letter) -> letter.eventId().equals(eventId)).findFirst();
	}

	private DeadLetter toDeadLetter(ParkedEvent event) {
		KeyState state = this.keys.state(event.key());
		String behind = (state != null && state.mode() == KeyState.Mode.PARKED) ? state.deadLetterId() : "";
		String eventId = orEmpty(event.eventId());
		// The payload stays in the parking topic: instances keep only what identifies parked events.
		// Keys are parked in the service's group, whose group id is the service's name.
		return new DeadLetter(eventId, eventId, event.key().key(), orEmpty(event.type()), event.key().topic(),
				orEmpty(event.correlationId()), this.serviceName, this.serviceName, "", "", event.parkedAt(), 0, event.id().partition(),
				event.id().offset(), null, behind);
	}

	private static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

}
