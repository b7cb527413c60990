package io.eventwire.autoconfigure.console;

import java.time.Instant;
import java.util.List;

import io.eventwire.consume.EventValidationException;
import io.eventwire.consume.HandledEvent;
import io.eventwire.dlq.DeadLetter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A corrected payload is checked as the handler would bind it, before anything is replayed.
 */
class CorrectedPayloadsTests {

	record Order(String customer, int quantity) {
	}

	static final DeadLetter LETTER = new DeadLetter("dl-1", "e-1", "k-1", "order", "orders", "c-1", "shop", "shop",
			"NonRetryableEventException", "no", Instant.EPOCH, 1, 0, 0, "{}", null);

	private final CorrectedPayloads payloads = new CorrectedPayloads(
			() -> List.of(new HandledEvent("shop", "orders", "order", 1, Order.class),
					new HandledEvent("other", "orders", "order", 1, JsonNode.class)),
			JsonMapper.builder().build(), (payload, type) -> {
				if (payload instanceof Order order && order.quantity() < 0) {
					throw new EventValidationException("quantity: must not be negative");
				}
			});

	@Test
	void aPayloadTheHandlerBindsPasses() {
		assertThatCode(() -> this.payloads.check(LETTER, "{\"customer\": \"Ada\", \"quantity\": 1}"))
			.doesNotThrowAnyException();
	}

	@Test
	void notJsonIsRefused() {
		assertThatThrownBy(() -> this.payloads.check(LETTER, "{\"customer\": "))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("The corrected payload is not JSON");
	}

	@Test
	void aPayloadThatDoesNotBindIsRefusedNamingTheField() {
		assertThatThrownBy(() -> this.payloads.check(LETTER, "{\"customer\": \"Ada\", \"quantity\": \"many\"}"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("does not bind to the handler's Order")
			.hasMessageContaining("quantity");
	}

	@Test
	void aPayloadTheValidationRefusesIsRefused() {
		assertThatThrownBy(() -> this.payloads.check(LETTER, "{\"customer\": \"Ada\", \"quantity\": -2}"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("not valid for the handler: quantity: must not be negative");
	}

	@Test
	void onlyTheHandlersOfTheDeadLettersGroupCount() {
		DeadLetter other = new DeadLetter("dl-2", "e-2", "k-1", "order", "orders", "c-1", "shop", "other",
				"X", "no", Instant.EPOCH, 1, 0, 0, "{}", null);
		// The other group's handler takes any JSON.
		assertThatCode(() -> this.payloads.check(other, "{\"quantity\": \"many\"}")).doesNotThrowAnyException();
	}

}
