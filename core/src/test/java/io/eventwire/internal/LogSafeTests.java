package io.eventwire.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogSafeTests {

	@Test
	void escapesLineBreaksAndAnsiEscapes() {
		assertThat(LogSafe.escape("a\r\nFAKE LOG LINE\u001b[31m")).isEqualTo("a\\u000d\\u000aFAKE LOG LINE\\u001b[31m");
	}

	@Test
	void truncatesLongValues() {
		String escaped = LogSafe.escape("x".repeat(10_000));
		assertThat(escaped).startsWith("x".repeat(LogSafe.MAX_LENGTH)).endsWith("...(10000 chars)");
		assertThat(escaped.length()).isLessThan(LogSafe.MAX_LENGTH + 20);
	}

	@Test
	void keepsOrdinaryText() {
		assertThat(LogSafe.escape("order_placed")).isEqualTo("order_placed");
		assertThat(LogSafe.escape(null)).isEqualTo("null");
	}

}
