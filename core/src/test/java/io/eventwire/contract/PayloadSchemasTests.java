package io.eventwire.contract;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadSchemasTests {

	private final PayloadSchemas schemas = new PayloadSchemas(new JsonMapper());

	@Test
	void producerSchemaIsClosedAndRequiresConstrainedAndPrimitiveFields() {
		ObjectNode schema = this.schemas.producerSchema(Order.class);

		assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
		assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
		assertThat(strings(schema.path("required"))).containsExactlyInAnyOrder("order_id", "customer", "quantity");
		assertThat(schema.at("/properties/order_id/type").asString()).isEqualTo("string");
		assertThat(schema.at("/properties/quantity/type").asString()).isEqualTo("integer");
		assertThat(strings(schema.at("/properties/status/enum"))).containsExactly("PLACED", "PAID");
	}

	@Test
	void consumerSchemaIsOpenAndRequiresOnlyWhatItsTypeNeeds() {
		ObjectNode schema = this.schemas.consumerSchema(Order.class);

		assertThat(schema.has("additionalProperties")).isFalse();
		assertThat(strings(schema.path("required"))).containsExactlyInAnyOrder("order_id", "customer");
		assertThat(schema.at("/properties/status/enum").isMissingNode()).isFalse();
		assertThat(this.schemas.consumerSchema(TolerantOrder.class).at("/properties/status/enum").isMissingNode())
			.as("an enum with a @JsonEnumDefaultValue constant takes any value").isTrue();
	}

	@Test
	void handlersOfRawJsonTakeAnyPayload() {
		assertThat(this.schemas.consumerSchema(JsonNode.class).properties()).hasSize(1);
		assertThat(this.schemas.consumerSchema(String.class).has("type")).isFalse();
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

	enum Status {

		PLACED, PAID

	}

	enum TolerantStatus {

		PLACED, @JsonEnumDefaultValue UNKNOWN

	}

	record Order(@JsonProperty("order_id") @NotBlank String orderId, @NotNull String customer, int quantity,
			Status status, List<String> notes) {
	}

	record TolerantOrder(TolerantStatus status) {
	}

}
