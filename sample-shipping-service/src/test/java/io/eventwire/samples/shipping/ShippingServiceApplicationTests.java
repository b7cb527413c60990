package io.eventwire.samples.shipping;

import java.util.List;
import java.util.UUID;

import io.eventwire.dlq.DeadLetter;
import io.eventwire.test.EventScenario;
import io.eventwire.test.EventwireTest;
import io.eventwire.test.ScenarioRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipping service on an embedded broker and in-memory MongoDB, driven by the order service's events. */
@EventwireTest(properties = { "shipping.dispatch-delay=300ms", "shipping.dispatch-interval=200ms" })
@ExtendWith(OutputCaptureExtension.class)
class ShippingServiceApplicationTests {

	@Autowired EventScenario scenario;
	@Autowired ShippingService shipping;
	@Autowired HealthEndpoint health;

	@Test
	void aPlacedOrderIsShippedOnceUnderItsCorrelationId(CapturedOutput output) {
		assertThat(this.health.health().getStatus()).isEqualTo(Status.UP);
		assertThat(output.getAll().lines().filter((line) -> line.contains(" ERROR "))).isEmpty();
		var order = new OrderPlaced(UUID.randomUUID().toString(), "NL", List.of(new OrderPlaced.Item("mug", 1)));
		// Kafka may deliver an event twice; the shipment is still created once.
		ScenarioRun run = this.scenario.publish("orders", "order_placed", order.orderId(), order)
			.andPublish("orders", "order_placed", order.orderId(), order);
		ShipmentEvent created = run.andWaitForEvent("shipment_created").toArrive().payload(ShipmentEvent.class);
		assertThat(created.orderId()).isEqualTo(order.orderId());
		// Dispatched later by a scheduler thread, still under the order's correlation id.
		assertThat(run.andWaitForEvent("shipment_dispatched").toArrive().payload(ShipmentEvent.class))
			.isEqualTo(created);
		assertThat(run.events("shipment_created")).hasSize(1);
		assertThat(this.shipping.findAll()).filteredOn((stored) -> stored.orderId().equals(order.orderId()))
			.singleElement().satisfies((stored) -> assertThat(stored.status()).isEqualTo(ShipmentStatus.DISPATCHED));
	}

	@Test
	void anOrderThatCannotBeShippedGoesToTheDeadLetterTopicWithTheReason() {
		var order = new OrderPlaced(UUID.randomUUID().toString(), "AQ", List.of(new OrderPlaced.Item("mug", 1)));
		ScenarioRun run = this.scenario.publish("orders", "order_placed", order.orderId(), order);
		DeadLetter letter = run.andWaitForDeadLetter();
		assertThat(letter).extracting(DeadLetter::exceptionClass, DeadLetter::service, DeadLetter::originalTopic)
			.containsExactly("UnshippableOrderException", "shipping-service", "orders");
		assertThat(letter.exceptionMessage()).startsWith("Cannot ship order " + order.orderId() + " to AQ");
		assertThat(this.shipping.findAll()).noneMatch((shipment) -> shipment.orderId().equals(order.orderId()));
	}

}
