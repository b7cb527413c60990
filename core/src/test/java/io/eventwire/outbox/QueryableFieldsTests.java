package io.eventwire.outbox;

import java.math.BigDecimal;
import java.util.List;

import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class QueryableFieldsTests {

	private final JsonMapper jsonMapper = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
		.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
		.build();

	@Test
	void keepsDigitsAndScaleAndLeavesOutKeysNoServerStoresInAReplacement() {
		JsonNode tree = this.jsonMapper.readTree("{\"amount\": 1.10, \"big\": 123456789012345678901234567890, "
				+ "\"huge\": 1234567890123456789012345678901234567890, \"n\": 7, \"text\": \"Zoë\", \"none\": null, "
				+ "\"$oid\": \"x\", \"a.b\": 1, \"nested\": {\"$date\": 1, \"kept\": [[1], {}]}}");

		Document fields = QueryableFields.of(tree);

		assertThat(fields.get("amount")).isEqualTo(new Decimal128(new BigDecimal("1.10")));
		assertThat(fields.get("big")).isEqualTo(new Decimal128(new BigDecimal("123456789012345678901234567890")));
		assertThat(fields.get("huge")).isEqualTo("1234567890123456789012345678901234567890");
		assertThat(fields.get("n")).isEqualTo(7);
		assertThat(fields.get("text")).isEqualTo("Zoë");
		assertThat(fields).containsEntry("none", null).doesNotContainKeys("$oid", "a.b");
		assertThat(fields.get("nested", Document.class)).doesNotContainKey("$date")
			.containsEntry("kept", List.of(List.of(1), new Document()));
	}

}
