package io.eventwire.consume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.eventwire.DependencyUnavailableException;
import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import io.eventwire.consume.DirectDispatcher.Outcome.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A translator tested without a broker: an event dispatched on the calling thread is handled, or
 * the outcome says what eventwire would do with its failure.
 */
class DirectDispatcherTests {

	record Payment(String orderId, long amountCents) {
	}

	@EventTranslator(topics = "payments")
	static class Payments {

		final List<Payment> charged = new ArrayList<>();

		final List<String> correlationIds = new ArrayList<>();

		String gateway = "up";

		@OnEvent("payment_requested")
		void charge(Payment payment, EventMetadata metadata) {
			if (payment.amountCents() < 0) {
				throw new NonRetryableEventException("A payment of " + payment.amountCents() + " cents makes no sense");
			}
			if (this.gateway.equals("down")) {
				throw new DependencyUnavailableException("The payment gateway does not answer");
			}
			if (this.gateway.equals("flaky")) {
				throw new IllegalStateException("The gateway refused the card, try again");
			}
			this.charged.add(payment);
			this.correlationIds.add(metadata.correlationId());
		}

	}

	static final String CORRELATION_ID = "0b6f2bd3-6e4b-4c43-9a55-3f27b6a4c1d2";

	private final Payments payments = new Payments();

	private final DirectDispatcher dispatcher = DirectDispatcher.of(this.payments);

	@Test
	void anEventIsHandledWithItsMetadata() {
		DirectDispatcher.Outcome outcome = this.dispatcher
			.dispatch("payments", "payment_requested", "o-1", new Payment("o-1", 4200), Map.of("correlation_id", CORRELATION_ID))
			.outcome();
		assertThat(outcome.kind()).isEqualTo(Kind.HANDLED);
		assertThat(this.payments.charged).containsExactly(new Payment("o-1", 4200));
		assertThat(this.payments.correlationIds).containsExactly(CORRELATION_ID);
	}

	@Test
	void aFailureIsRetriedAndADependencyOutageWaits() {
		this.payments.gateway = "flaky";
		assertThat(this.dispatcher.dispatch("payments", "payment_requested", "o-2", new Payment("o-2", 1)).outcome())
			.satisfies((outcome) -> {
				assertThat(outcome.kind()).isEqualTo(Kind.RETRIED);
				assertThat(outcome.failure()).hasMessage("The gateway refused the card, try again");
			});
		this.payments.gateway = "down";
		assertThat(this.dispatcher.dispatch("payments", "payment_requested", "o-2", new Payment("o-2", 1)).outcome()
			.kind()).isEqualTo(Kind.WAITS);
		assertThat(this.payments.charged).isEmpty();
	}

	@Test
	void aPoisonEventIsDeadLettered() {
		assertThat(this.dispatcher.dispatch("payments", "payment_requested", "o-3", "{\"orderId\": \"o-3\", "
				+ "\"amountCents\": \"lots\"}").outcome()).satisfies((outcome) -> {
					assertThat(outcome.kind()).isEqualTo(Kind.DEAD_LETTERED);
					assertThat(outcome.failure()).hasMessageContaining("does not bind");
				});
		assertThat(this.dispatcher.dispatch("payments", "payment_requested", "o-4", new Payment("o-4", -5)).outcome()
			.kind()).isEqualTo(Kind.DEAD_LETTERED);
		assertThat(this.payments.charged).isEmpty();
	}

	@Test
	void aTypeNoHandlerWantsIsSkippedAndAnotherTopicReachesNoGroup() {
		assertThat(this.dispatcher.dispatch("payments", "payment_refunded", "o-5", Map.of()).outcome().kind())
			.isEqualTo(Kind.SKIPPED);
		assertThat(this.dispatcher.dispatch("orders", "payment_requested", "o-5", Map.of()).outcomes()).isEmpty();
	}

}
