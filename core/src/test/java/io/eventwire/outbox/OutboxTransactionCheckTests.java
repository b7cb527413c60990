package io.eventwire.outbox;

import java.util.Map;

import io.eventwire.OutgoingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class OutboxTransactionCheckTests {

	private final OutgoingEvent event = OutgoingEvent.builder("orders", "placed", "o-1", Map.of()).build();

	@Test
	void aRequiredTransactionLetsWritesInsideOneThrough() {
		assertThatNoException().isThrownBy(() -> new OutboxTransactionCheck(() -> true, true).check(this.event));
	}

	@Test
	void aRequiredTransactionRefusesWritesOutsideOneSayingWhy() {
		assertThatExceptionOfType(OutboxTransactionRequiredException.class)
			.isThrownBy(() -> new OutboxTransactionCheck(() -> false, true).check(this.event))
			.withMessageContaining("'placed' for orders from ")
			.withMessageContaining("eventwire.outbox.require-transaction");
	}

}
