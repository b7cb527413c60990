package io.eventwire.consume;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypeMalformationTests {

	@Test
	void ordinaryTypesAreEventTypes() {
		assertThat(EventTypes.malformation("order_placed")).isNull();
		assertThat(EventTypes.malformation("Bestellung-aufgegeben.v2")).isNull();
		assertThat(EventTypes.malformation("x".repeat(io.eventwire.EventHeaders.MAX_TYPE_LENGTH))).isNull();
	}

	@Test
	void oversizedInvalidUtf8AndControlCharactersAreNot() {
		assertThat(EventTypes.malformation("x".repeat(100 * 1024))).isEqualTo("102400 characters, more than 256");
		String invalidUtf8 = new String(new byte[] { 'o', (byte) 0xC3, (byte) 0x28 }, StandardCharsets.UTF_8);
		assertThat(EventTypes.malformation(invalidUtf8)).isEqualTo("not valid UTF-8");
		assertThat(EventTypes.malformation("order\r\nplaced")).isEqualTo("control characters");
		assertThat(EventTypes.malformation("order\u001B[31mplaced")).isEqualTo("control characters");
	}

}
