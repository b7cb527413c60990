package io.eventwire.test;

import java.util.Map;

import io.eventwire.EventHeaders;
import io.eventwire.OutgoingEvent;
import io.eventwire.PublishException;
import io.eventwire.PublishResult;
import io.eventwire.correlation.CorrelationId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The captured publisher and outbox of unit tests: events kept in order, as eventwire would send
 * them, with their ids, headers and payload.
 */
class PublishedEventsTests {

	record OrderPlaced(String orderId, String customer) {
	}

	private final PublishedEvents events = new PublishedEvents();

	@Test
	void eventsAreKeptInOrderAsEventwireWouldSendThem() throws Exception {
		String correlationId = CorrelationId.generate();
		CorrelationId.call(correlationId, () -> {
			this.events.publish("orders", "order_placed", "o-1", new OrderPlaced("o-1", "alice"));
			return null;
		});
		// Through the outbox's interface, with headers of its own.
		((io.eventwire.outbox.EventOutbox) this.events).publish(OutgoingEvent
			.builder("orders", "order_cancelled", "o-1", "{\"orderId\": \"o-1\"}")
			.header("reason", "customer")
			.build());

		assertThat(this.events.all()).extracting(RecordedEvent::type).containsExactly("order_placed", "order_cancelled");
		RecordedEvent placed = this.events.ofType("order_placed").get(0);
		assertThat(placed.topic()).isEqualTo("orders");
		assertThat(placed.key()).isEqualTo("o-1");
		assertThat(placed.correlationId()).isEqualTo(correlationId);
		assertThat(placed.eventId()).isNotBlank();
		assertThat(placed.payload(OrderPlaced.class)).isEqualTo(new OrderPlaced("o-1", "alice"));
		assertThat(placed.json()).isEqualTo("{\"orderId\":\"o-1\",\"customer\":\"alice\"}");
		RecordedEvent cancelled = this.events.onTopic("orders").get(1);
		assertThat(cancelled.headers()).containsEntry("reason", "customer").containsKey(EventHeaders.CORRELATION_ID);
		assertThat(cancelled.correlationId()).isNotEqualTo(correlationId);
		assertThat(cancelled.payload().get("orderId").asString()).isEqualTo("o-1");
	}

	@Test
	void aPayloadThatIsNotJsonFailsTheCallAsItWouldInProduction() {
		assertThatExceptionOfType(PublishException.class)
			.isThrownBy(() -> this.events.publish("orders", "order_placed", "o-1", "not json"));
		assertThat(this.events.all()).isEmpty();
	}

	@Test
	void anAsynchronousPublishCompletesWithTheEventsIds() {
		PublishResult result = this.events
			.publishAsync(OutgoingEvent.builder("orders", "order_placed", "o-2", Map.of("orderId", "o-2"))
				.eventId("6f1c1b7e-5d2f-4a51-9d0e-2b8f1f3e9a10")
				.build())
			.join();
		assertThat(result.eventId()).isEqualTo("6f1c1b7e-5d2f-4a51-9d0e-2b8f1f3e9a10");
		assertThat(this.events.ofType("order_placed")).singleElement()
			.satisfies((event) -> assertThat(event.eventId()).isEqualTo(result.eventId()));
		this.events.clear();
		assertThat(this.events.all()).isEmpty();
	}

}
