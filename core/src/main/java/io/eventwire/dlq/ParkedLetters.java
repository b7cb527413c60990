package io.eventwire.dlq;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.eventwire.keyorder.KeyOrders;
import io.eventwire.keyorder.KeyState;
import io.eventwire.keyorder.ParkedEvent;
import io.eventwire.keyorder.ParkedKeys;
import org.jspecify.annotations.Nullable;

/**
 * The events parked behind this service's dead letters, as operators see them next to the dead
 * letters: what they wait behind, and why.
 */
final class ParkedLetters {

	private final KeyOrders keyOrders;

	private final String serviceName;

	ParkedLetters(KeyOrders keyOrders, String serviceName) {
		this.keyOrders = keyOrders;
		this.serviceName = serviceName;
	}

	/**
	 * @return the parked events of every group, oldest first, each key's in its order
	 */
	List<DeadLetter> list() {
		List<DeadLetter> letters = new ArrayList<>();
		this.keyOrders.byGroup().forEach((group, keyOrder) -> {
			ParkedKeys keys = keyOrder.keys();
			keys.allEvents().forEach((event) -> letters.add(toDeadLetter(keys, group, event)));
		});
		letters.sort(Comparator.comparing(DeadLetter::failedAt).thenComparing(DeadLetter::partition)
			.thenComparing(DeadLetter::offset));
		return letters;
	}

	/**
	 * @param eventId an event id
	 * @return the parked event with that id
	 */
	Optional<DeadLetter> find(String eventId) {
		return list().stream().filter((letter) -> letter.eventId().equals(eventId)).findFirst();
	}

	private DeadLetter toDeadLetter(ParkedKeys keys, String group, ParkedEvent event) {
		KeyState state = keys.state(event.key());
		String behind = (state != null && state.mode() == KeyState.Mode.PARKED) ? state.deadLetterId() : "";
		String eventId = orEmpty(event.eventId());
		// The payload stays in the parking topic: instances keep only what identifies parked events.
		return new DeadLetter(eventId, eventId, event.key().key(), orEmpty(event.type()), event.key().topic(),
				orEmpty(event.correlationId()), this.serviceName, group, "", "", event.parkedAt(), 0,
				event.id().partition(), event.id().offset(), null, behind);
	}

	private static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

}
