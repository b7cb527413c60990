package com.example.payments;

import io.eventwire.test.EventScenario;
import io.eventwire.test.EventwireTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

// The test support as a user gets it from the staged artifacts: broker and MongoDB with no property.
@EventwireTest(properties = "spring.application.name=payments")
class PaymentsTests {

	@Autowired
	EventScenario scenario;

	@Autowired
	Payments payments;

	@Test
	void anOrderIsCharged() {
		Payments.OrderPlaced order = new Payments.OrderPlaced("o-1", 4200);
		this.scenario.publish("orders", "order_placed", "o-1", order)
			.andWaitForEvent("payment_charged")
			.toArriveAndVerify((charged) -> assertThat(charged.payload(Payments.OrderPlaced.class)).isEqualTo(order));
		assertThat(this.payments.charged()).containsExactly(order);
	}

}
