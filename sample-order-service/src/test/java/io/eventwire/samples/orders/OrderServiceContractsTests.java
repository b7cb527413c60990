package io.eventwire.samples.orders;

import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.eventwire.test.EventContracts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The order service's contracts, checked as a team would in CI: {@code contracts/} holds the
 * committed AsyncAPI document; the build writes the current one to {@code target/contracts/}; a
 * change that would break a consumer of the committed version fails, and what the service
 * publishes is checked against what the shipping service (its committed file) handles.
 */
@SpringBootTest(properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(partitions = 1, topics = { "orders", "shipments" })
@AutoConfigureMockMvc
@DirtiesContext
class OrderServiceContractsTests {

	static final Path COMMITTED = Path.of("contracts/order-service.asyncapi.json");

	static final Path WRITTEN = Path.of("target/contracts/order-service.asyncapi.json");

	static final Path SHIPPING = Path.of("../sample-shipping-service/contracts/shipping-service.asyncapi.json");

	static final MongoServer mongo = new MongoServer(new MemoryBackend());

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> mongo.bindAndGetConnectionString() + "/orders");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	ApplicationContext context;

	final JsonMapper json = new JsonMapper();

	@Test
	void theEndpointServesValidAsyncApiAndTheBuildWritesTheSameDocument() throws Exception {
		JsonNode served = this.json.readTree(
				this.mvc.perform(get("/actuator/asyncapi")).andReturn().getResponse().getContentAsString());

		EventContracts.assertValidAsyncApi(served);
		EventContracts.of(this.context).write(WRITTEN);
		assertThat(this.json.readTree(WRITTEN.toFile())).isEqualTo(served);
		assertThat(served.at("/operations/send.orders.order_placed/action").asString()).isEqualTo("send");
		assertThat(served.at("/operations/receive.order-service.shipments.shipment_dispatched/action").asString())
			.isEqualTo("receive");
	}

	@Test
	void theContractsAreTheCommittedOnesAndBreakNoConsumerOfThem() {
		EventContracts.of(this.context).assertCommitted(COMMITTED, WRITTEN);
	}

	@Test
	void whatItPublishesIsWhatTheShippingServiceHandlesAndTheOtherWayRound() {
		EventContracts orders = EventContracts.of(this.context);
		EventContracts shipping = EventContracts.read(SHIPPING);

		EventContracts.assertCompatible(orders, shipping);
		EventContracts.assertCompatible(shipping, orders);
	}

	@Test
	void aReleaseThatDropsARequiredFieldWithoutAVersionBumpIsCaught(@TempDir Path files) throws Exception {
		ObjectNode document = EventContracts.of(this.context).asyncApi();
		ObjectNode schema = (ObjectNode) document.at("/components/messages/orders.order_placed.v1.send/payload/schema");
		((ObjectNode) schema.get("properties")).remove("country");
		ArrayNode required = (ArrayNode) schema.get("required");
		for (int i = required.size() - 1; i >= 0; i--) {
			if ("country".equals(required.get(i).asString())) {
				required.remove(i);
			}
		}
		Path changed = files.resolve("changed.json");
		Files.writeString(changed, this.json.writeValueAsString(document));

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> EventContracts.assertBackwardCompatible(EventContracts.read(COMMITTED),
					EventContracts.read(changed)))
			.withMessageContaining("orders/order_placed: version 1 before, version 1 now: $.country: required");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> EventContracts.assertCompatible(EventContracts.read(changed), EventContracts.read(SHIPPING)))
			.withMessageContaining("(group shipping-service) handles version 1: $.country: required");
	}

}
