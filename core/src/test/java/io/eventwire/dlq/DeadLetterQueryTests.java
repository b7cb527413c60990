package io.eventwire.dlq;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which dead letters a query matches: each filter narrows, the text one by the exception's class
 * or message, ignoring case.
 */
class DeadLetterQueryTests {

	static final DeadLetter LETTER = new DeadLetter("dl-1", "e-1", "k-1", "order_placed", "orders", "c-1", "shop",
			"shop", "UnshippableOrderException", "Cannot ship order 7 to AQ", Instant.EPOCH, 1, 0, 0, null, null);

	@Test
	void theTextFilterLooksAtTheExceptionClassAndMessageIgnoringCase() {
		assertThat(query(null, "ship order 7")).matches(q -> q.matches(LETTER));
		assertThat(query(null, "unshippable")).matches(q -> q.matches(LETTER));
		assertThat(query(null, "to EU")).matches(q -> !q.matches(LETTER));
		assertThat(query(null, " ")).matches(q -> q.matches(LETTER));
	}

	@Test
	void everyFilterMustMatch() {
		assertThat(query("orders", "AQ")).matches(q -> q.matches(LETTER));
		assertThat(query("payments", "AQ")).matches(q -> !q.matches(LETTER));
		assertThat(new DeadLetterQuery(null, "order_placed", null, "k-2", 0, 10)).matches(q -> !q.matches(LETTER));
		assertThat(DeadLetterQuery.all()).matches(q -> q.matches(LETTER));
	}

	@Test
	void pagesAreChecked() {
		assertThatIllegalArgumentException().isThrownBy(() -> new DeadLetterQuery(null, null, null, null, null, -1, 10));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DeadLetterQuery(null, null, null, null, null, 0, DeadLetterQuery.MAX_SIZE + 1));
	}

	private static DeadLetterQuery query(String topic, String text) {
		return new DeadLetterQuery(topic, null, null, null, text, 0, 10);
	}

}
