package io.eventwire.samples.shipping;

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
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The shipping service's contracts, checked as a team would in CI: {@code contracts/} holds the
 * committed AsyncAPI document; the build writes the current one to {@code target/contracts/}; what
 * it handles is checked against what the order service (its committed file) publishes.
 */
@SpringBootTest(properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
		"shipping.dispatch-interval=1h" })
@EmbeddedKafka(partitions = 1, topics = { "orders", "shipments", "dlq" })
@AutoConfigureMockMvc
@DirtiesContext
class ShippingServiceContractsTests {

	static final Path COMMITTED = Path.of("contracts/shipping-service.asyncapi.json");

	static final Path WRITTEN = Path.of("target/contracts/shipping-service.asyncapi.json");

	static final Path ORDERS = Path.of("../sample-order-service/contracts/order-service.asyncapi.json");

	static final MongoServer mongo = new MongoServer(new MemoryBackend());

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> mongo.bindAndGetConnectionString() + "/shipping");
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
		assertThat(served.at("/operations/receive.shipping-service.orders.order_placed/action").asString())
			.isEqualTo("receive");
		assertThat(served.at("/channels/dlq/x-eventwire-role").asString()).isEqualTo("dead-letters");
	}

	@Test
	void theContractsAreTheCommittedOnesAndBreakNoConsumerOfThem() {
		EventContracts.of(this.context).assertCommitted(COMMITTED, WRITTEN);
	}

	@Test
	void whatItHandlesIsWhatTheOrderServicePublishesAndTheOtherWayRound() {
		EventContracts shipping = EventContracts.of(this.context);
		EventContracts orders = EventContracts.read(ORDERS);

		EventContracts.assertCompatible(orders, shipping);
		EventContracts.assertCompatible(shipping, orders);
	}

	@Test
	void anOrderServiceThatSentTheCountryAsAnObjectWouldBeCaught(@TempDir Path files) throws Exception {
		ObjectNode document = (ObjectNode) this.json.readTree(ORDERS.toFile());
		((ObjectNode) document.at("/components/messages/orders.order_placed.v1.send/payload/schema/properties"))
			.putObject("country")
			.put("type", "object");
		Path changed = files.resolve("changed.json");
		Files.writeString(changed, this.json.writeValueAsString(document));

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> EventContracts.assertCompatible(EventContracts.read(changed), EventContracts.of(this.context)))
			.withMessageContaining("orders/order_placed: order-service publishes version 1, shipping-service "
					+ "(group shipping-service) handles version 1: $.country: type: the producer sends object where "
					+ "the consumer requires string");
	}

}
