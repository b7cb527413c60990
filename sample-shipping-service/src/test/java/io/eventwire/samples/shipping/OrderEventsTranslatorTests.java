package io.eventwire.samples.shipping;

import java.util.List;

import io.eventwire.consume.DirectDispatcher;
import io.eventwire.consume.DirectDispatcher.Outcome.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The shipping translator in a unit test: no Spring context, no broker, no MongoDB. An order is
 * handed to the shipping service; a failure of it is retried; an order that cannot be shipped or
 * whose payload does not bind is dead-lettered at once.
 */
class OrderEventsTranslatorTests {

	private final ShippingService shipping = mock(ShippingService.class);

	private final DirectDispatcher dispatcher = DirectDispatcher.of(new OrderEventsTranslator(this.shipping));

	private final OrderPlaced order = new OrderPlaced("o-1", "NL", List.of(new OrderPlaced.Item("mug", 1)));

	@Test
	void aPlacedOrderIsShipped() {
		assertThat(this.dispatcher.dispatch("orders", "order_placed", "o-1", this.order).outcome().kind())
			.isEqualTo(Kind.HANDLED);
		verify(this.shipping).createShipment(this.order);
	}

	@Test
	void aFailureOfTheShippingServiceIsRetried() {
		doThrow(new IllegalStateException("carrier API answered 500")).when(this.shipping).createShipment(any());
		DirectDispatcher.Outcome outcome = this.dispatcher.dispatch("orders", "order_placed", "o-1", this.order)
			.outcome();
		assertThat(outcome.kind()).isEqualTo(Kind.RETRIED);
		assertThat(outcome.failure()).hasMessage("carrier API answered 500");
	}

	@Test
	void anOrderThatCannotBeShippedAndAPoisonPayloadAreDeadLettered() {
		doThrow(new UnshippableOrderException("Cannot ship order o-1 to AQ")).when(this.shipping).createShipment(any());
		assertThat(this.dispatcher.dispatch("orders", "order_placed", "o-1", this.order).outcome().kind())
			.isEqualTo(Kind.DEAD_LETTERED);
		assertThat(this.dispatcher.dispatch("orders", "order_placed", "o-2", "{\"orderId\": \"o-2\", \"items\": 3}")
			.outcome()
			.kind()).isEqualTo(Kind.DEAD_LETTERED);
	}

	@Test
	void otherOrderEventsAreSkipped() {
		assertThat(this.dispatcher.dispatch("orders", "order_cancelled", "o-1", "{}").outcome().kind())
			.isEqualTo(Kind.SKIPPED);
		verifyNoInteractions(this.shipping);
	}

}
