package io.eventwire.autoconfigure.console;

import java.util.Map;

import io.eventwire.autoconfigure.console.ConsoleProperties.PayloadDisplay;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each of {@code eventwire.console.payloads} shows of a payload and of texts that quote it.
 */
class PayloadMaskingTests {

	static final String PAYLOAD = "{\"holder\":\"Grace Hopper\",\"iban\":\"DE44500105175407324931\",\"amount\":120,"
			+ "\"lines\":[{\"sku\":\"A-1\",\"note\":null}]}";

	@Test
	void fullShowsThePayloadPrettyAndTextsAsTheyAre() {
		PayloadMasking full = new PayloadMasking(PayloadDisplay.FULL);
		assertThat(full.payload(PAYLOAD)).contains("\"holder\" : \"Grace Hopper\"", "\"amount\" : 120");
		assertThat(full.text("refused for Grace Hopper", PAYLOAD)).isEqualTo("refused for Grace Hopper");
		assertThat(full.payload("not json")).isEqualTo("not json");
	}

	@Test
	void maskedKeepsTheShapeAndMasksEveryValueAlsoWhereTextsQuoteThem() {
		PayloadMasking masked = new PayloadMasking(PayloadDisplay.MASKED);
		assertThat(masked.payload(PAYLOAD)).contains("\"holder\" : \"***\"", "\"amount\" : \"***\"", "\"sku\" : \"***\"",
				"\"note\" : null")
			.doesNotContain("Grace", "DE445", "120");
		assertThat(masked.text("IBAN DE44500105175407324931 refused for Grace Hopper", PAYLOAD))
			.isEqualTo("IBAN *** refused for ***");
		assertThat(masked.text("payload was " + PAYLOAD, PAYLOAD)).isEqualTo("payload was ***");
		assertThat(masked.headers(Map.of("note", "for Grace Hopper"), PAYLOAD)).containsEntry("note", "for ***");
		assertThat(masked.payload("not json")).isEqualTo("***");
	}

	@Test
	void noneShowsNoPayloadAndMasksQuotesOfIt() {
		PayloadMasking none = new PayloadMasking(PayloadDisplay.NONE);
		assertThat(none.payload(PAYLOAD)).isNull();
		assertThat(none.text("refused for Grace Hopper", PAYLOAD)).isEqualTo("refused for ***");
	}

}
