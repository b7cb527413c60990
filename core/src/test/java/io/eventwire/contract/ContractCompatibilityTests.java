package io.eventwire.contract;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.eventwire.contract.EventContract.Action;

import static org.assertj.core.api.Assertions.assertThat;

class ContractCompatibilityTests {

	private final PayloadSchemas schemas = new PayloadSchemas(new JsonMapper());

	@Test
	void producerSendingWhatTheConsumerRequiresIsCompatibleExtraFieldsAndIntegersForNumbersIncluded() {
		assertThat(ContractCompatibility.problems(producer(1, PlacedV1.class), consumer(1, NeedsCustomerName.class)))
			.isEmpty();
		assertThat(ContractCompatibility.problems(producer(1, WithCount.class), consumer(1, WantsNumber.class))).isEmpty();
	}

	@Test
	void aMissingRequiredFieldIsNamedWithItsPath() {
		List<String> problems = ContractCompatibility.problems(producer(1, WithoutCustomer.class),
				consumer(1, NeedsCustomerName.class));

		assertThat(problems).singleElement()
			.asString()
			.contains("orders/order_placed", "version 1", "group shipping", "$.customer", "required",
					"does not send it");
	}

	@Test
	void aFieldThatMayBeAbsentIsNotEnoughForAConsumerThatRequiresIt() {
		assertThat(ContractCompatibility.problems(producer(1, OptionalCustomer.class), consumer(1, NeedsCustomerName.class)))
			.singleElement()
			.asString()
			.contains("$.customer: required: the consumer requires it; the producer may leave it out");
	}

	@Test
	void aStringWhereAnObjectIsRequiredIsATypeChange() {
		assertThat(ContractCompatibility.problems(producer(1, PlacedV1.class), consumer(1, NeedsCustomerObject.class)))
			.singleElement()
			.asString()
			.contains("$.customer: type: the producer sends string where the consumer requires object");
	}

	@Test
	void anEnumWiderThanTheConsumerKnowsFailsUnlessTheConsumerToleratesUnknownValues() {
		assertThat(ContractCompatibility.problems(producer(1, WithWideStatus.class), consumer(1, WithNarrowStatus.class)))
			.singleElement()
			.asString()
			.contains("$.status: enum", "SHIPPED");
		assertThat(ContractCompatibility.problems(producer(1, WithWideStatus.class), consumer(1, WithTolerantStatus.class)))
			.isEmpty();
	}

	@Test
	void anOlderVersionNeedsTheConsumersUpcasterChain() {
		ServiceContracts producer = producer(1, PlacedV1.class);
		ServiceContracts consumer = consumer(2, NeedsCustomerObject.class);
		assertThat(ContractCompatibility.problems(producer, consumer)).singleElement()
			.asString()
			.contains("handles version 2", "upcast: no EventUpcaster chain from version 1 to 2");

		ServiceContracts upcasting = new ServiceContracts(consumer.service(), consumer.events(),
				List.of(new ServiceContracts.UpcastStep("orders", "order_placed", 1)), null, null);
		assertThat(ContractCompatibility.problems(producer, upcasting)).isEmpty();
	}

	@Test
	void versionsPublishedBeforeAreCheckedToo() {
		ServiceContracts producer = producer(2, PlacedV2.class).withHistory(producer(1, PlacedV1.class));

		assertThat(ContractCompatibility.problems(producer, consumer(2, NeedsCustomerObject.class))).singleElement()
			.asString()
			.contains("published version 1", "upcast");
	}

	@Test
	void removingARequiredFieldWithoutAVersionBumpIsCaught() {
		assertThat(ContractCompatibility.backwardProblems(producer(1, PlacedV1.class), producer(1, WithoutCustomer.class)))
			.singleElement()
			.asString()
			.contains("orders/order_placed: version 1 before, version 1 now", "$.customer: required", "bump the version");
		assertThat(ContractCompatibility.backwardProblems(producer(1, PlacedV1.class), producer(1, PlacedV1.class)))
			.isEmpty();
	}

	@Test
	void aBreakingChangeWithABumpPassesOnlyWithAnUpcasterOrDeclaredBreaking() {
		ServiceContracts previous = producer(1, PlacedV1.class);
		assertThat(ContractCompatibility.backwardProblems(previous, producer(2, PlacedV2.class))).singleElement()
			.asString()
			.contains("version 1 before, version 2 now", "$.customer: type", "not declared breaking");

		ServiceContracts declaredBreaking = new ServiceContracts("orders-service",
				List.of(new EventContract(Action.SEND, "orders", "order_placed", 2,
						this.schemas.producerSchema(PlacedV2.class), null, true, false)),
				List.of(), null, null);
		assertThat(ContractCompatibility.backwardProblems(previous, declaredBreaking)).isEmpty();
		ServiceContracts upcasting = new ServiceContracts("orders-service", producer(2, PlacedV2.class).events(),
				List.of(new ServiceContracts.UpcastStep("orders", "order_placed", 1)), null, null);
		assertThat(ContractCompatibility.backwardProblems(previous, upcasting)).isEmpty();
	}

	@Test
	void contractsSurviveTheAsyncApiDocument() {
		ServiceContracts contracts = new ServiceContracts("shipping-service",
				List.of(producer(2, PlacedV2.class).events().get(0), consumer(1, NeedsCustomerName.class).events().get(0)),
				List.of(new ServiceContracts.UpcastStep("orders", "order_placed", 1)), "dlq", "shipping-service-retry")
			.withHistory(producer(1, PlacedV1.class));

		ServiceContracts read = new AsyncApiReader().read(new AsyncApiWriter().write(contracts));

		assertThat(read).isEqualTo(contracts);
	}

	private ServiceContracts producer(int version, Class<?> payload) {
		return new ServiceContracts("orders-service", List.of(new EventContract(Action.SEND, "orders", "order_placed",
				version, this.schemas.producerSchema(payload), null, false, false)), List.of(), null, null);
	}

	private ServiceContracts consumer(int version, Class<?> payload) {
		return new ServiceContracts("shipping-service", List.of(new EventContract(Action.RECEIVE, "orders", "order_placed",
				version, this.schemas.consumerSchema(payload), "shipping", false, false)), List.of(), null, null);
	}

	record PlacedV1(@NotNull String orderId, @NotNull String customer, int total) {
	}

	record Customer(@NotNull String name) {
	}

	record PlacedV2(@NotNull String orderId, @NotNull Customer customer, int total) {
	}

	record WithoutCustomer(@NotNull String orderId, int total) {
	}

	record OptionalCustomer(@NotNull String orderId, String customer) {
	}

	record NeedsCustomerName(@NotNull String customer) {
	}

	record NeedsCustomerObject(@NotNull Customer customer) {
	}

	record WithCount(int total) {
	}

	record WantsNumber(@NotNull Double total) {
	}

	enum Wide {

		PLACED, SHIPPED

	}

	enum Narrow {

		PLACED

	}

	enum Tolerant {

		PLACED, @com.fasterxml.jackson.annotation.JsonEnumDefaultValue UNKNOWN

	}

	record WithWideStatus(@NotNull Wide status) {
	}

	record WithNarrowStatus(Narrow status) {
	}

	record WithTolerantStatus(Tolerant status) {
	}

}
