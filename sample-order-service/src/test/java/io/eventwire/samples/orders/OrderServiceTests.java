package io.eventwire.samples.orders;

import java.util.List;

import io.eventwire.correlation.CorrelationId;
import io.eventwire.test.PublishedEvents;
import io.eventwire.test.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.data.mongodb.MongoTransactionManager;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * The order service in a unit test: no broker, no MongoDB. Placing an order stores it and puts its
 * event in the outbox, under the caller's correlation id.
 */
class OrderServiceTests {

	private final MongoTemplate mongo = mock(MongoTemplate.class);

	private final PublishedEvents outbox = new PublishedEvents();

	private final OrderService orders = new OrderService(this.mongo, this.outbox,
			new StaticListableBeanFactory().getBeanProvider(MongoTransactionManager.class));

	@Test
	void placingAnOrderStoresItAndItsEventUnderTheCallersCorrelationId() throws Exception {
		String correlationId = CorrelationId.generate();
		Order order = CorrelationId.call(correlationId,
				() -> this.orders.place(new PlaceOrder("alice", "DE", List.of(new OrderItem("book-1", 2)))));

		verify(this.mongo).insert(order);
		assertThat(this.outbox.ofType("order_placed")).singleElement().satisfies((RecordedEvent placed) -> {
			assertThat(placed.topic()).isEqualTo("orders");
			assertThat(placed.key()).isEqualTo(order.id());
			assertThat(placed.correlationId()).isEqualTo(correlationId).isEqualTo(order.correlationId());
			assertThat(placed.payload(OrderPlaced.class))
				.isEqualTo(new OrderPlaced(order.id(), "alice", "DE", List.of(new OrderItem("book-1", 2))));
		});
	}

}
