package io.eventwire.autoconfigure.consume;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Each wrongly declared translator stops the application with a failure report that names the
 * class and the method. Command-line arguments are used because they override application.yml.
 */
@ExtendWith(OutputCaptureExtension.class)
class TranslatorMisconfigurationTests {

	@Test
	void twoHandlersForTheSameTopicAndType(CapturedOutput output) {
		assertStartupFails(Duplicate.class, output, DuplicateFirst.class.getName(), DuplicateSecond.class.getName(),
				"second handler for topic 'orders' and type 'order_placed'");
	}

	@Test
	void handlerWithoutPayloadParameter(CapturedOutput output) {
		assertStartupFails(NoPayload.class, output, NoPayloadTranslator.class.getName() + "#handle()",
				"needs the payload as its first parameter");
	}

	@Test
	void handlerWithMetadataInsteadOfPayload(CapturedOutput output) {
		assertStartupFails(MetadataOnly.class, output,
				MetadataOnlyTranslator.class.getName() + "#handle(EventMetadata)",
				"needs the payload as its first parameter");
	}

	@Test
	void handlerWithUnsupportedParameters(CapturedOutput output) {
		assertStartupFails(ExtraParameter.class, output,
				ExtraParameterTranslator.class.getName() + "#handle(String, String)",
				"takes the payload and optionally EventMetadata, nothing else");
	}

	@Test
	void translatorWithoutTopics(CapturedOutput output) {
		assertStartupFails(NoTopics.class, output, NoTopicsTranslator.class.getName(),
				"must name at least one topic");
	}

	@Test
	void translatorWithBlankTopic(CapturedOutput output) {
		assertStartupFails(BlankTopic.class, output, BlankTopicTranslator.class.getName(), "contains a blank topic");
	}

	@Test
	void handlerWithBlankType(CapturedOutput output) {
		assertStartupFails(BlankType.class, output, BlankTypeTranslator.class.getName() + "#handle(String)",
				"needs a non-blank event type");
	}

	@Test
	void handlerWithTypeNoRecordCanCarry(CapturedOutput output) {
		assertStartupFails(ControlCharacterType.class, output,
				ControlCharacterTypeTranslator.class.getName() + "#handle(String)",
				"@OnEvent's value is no event type (control characters)");
	}

	@Test
	void privateHandler(CapturedOutput output) {
		assertStartupFails(PrivateHandler.class, output, PrivateHandlerTranslator.class.getName() + "#handle(String)",
				"must not be private");
	}

	@Test
	void staticHandler(CapturedOutput output) {
		assertStartupFails(StaticHandler.class, output, StaticHandlerTranslator.class.getName() + "#handle(String)",
				"must not be static");
	}

	@Test
	void handlerReturningAValue(CapturedOutput output) {
		assertStartupFails(ReturningHandler.class, output, ReturningHandlerTranslator.class.getName() + "#handle(String)",
				"must return void", "would ignore the java.lang.String it returns");
	}

	@Test
	void onEventOnABeanThatIsNoTranslator(CapturedOutput output) {
		assertStartupFails(StrayHandler.class, output, StrayHandlerBean.class.getName() + "#handle(String)",
				"@OnEvent only works on beans annotated @EventTranslator", "would never be called");
	}

	@Test
	void missingServiceName(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(Valid.class)
			.web(WebApplicationType.NONE)
			// Brave refuses an empty service name before eventwire could: leave tracing out of this one.
			.run("--spring.application.name=",
					"--spring.autoconfigure.exclude=org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration")
			.close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("neither eventwire.service-name nor spring.application.name is set")
			.contains("Set spring.application.name");
	}

	@Test
	void unusableServiceName(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(Valid.class)
			.web(WebApplicationType.NONE)
			.run("--eventwire.service-name=order service!")
			.close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The service name 'order service!' (from eventwire.service-name) is not usable");
	}

	private static void assertStartupFails(Class<?> configuration, CapturedOutput output, String... expected) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(configuration)
			.web(WebApplicationType.NONE)
			.run()
			.close());
		assertThat(output).contains("APPLICATION FAILED TO START").contains("is declared wrongly");
		for (String text : expected) {
			assertThat(output).contains(text);
		}
	}

	@EventTranslator(topics = "orders")
	static class DuplicateFirst {

		@OnEvent("order_placed")
		void handle(String payload) {
		}

	}

	@EventTranslator(topics = { "shipments", "orders" })
	static class DuplicateSecond {

		@OnEvent("order_placed")
		void handle(byte[] payload) {
		}

	}

	@EventTranslator(topics = "orders")
	static class NoPayloadTranslator {

		@OnEvent("order_placed")
		void handle() {
		}

	}

	@EventTranslator(topics = "orders")
	static class MetadataOnlyTranslator {

		@OnEvent("order_placed")
		void handle(EventMetadata metadata) {
		}

	}

	@EventTranslator(topics = "orders")
	static class ExtraParameterTranslator {

		@OnEvent("order_placed")
		void handle(String payload, String extra) {
		}

	}

	@EventTranslator(topics = {})
	static class NoTopicsTranslator {

		@OnEvent("order_placed")
		void handle(String payload) {
		}

	}

	@EventTranslator(topics = { "orders", " " })
	static class BlankTopicTranslator {

		@OnEvent("order_placed")
		void handle(String payload) {
		}

	}

	@EventTranslator(topics = "orders")
	static class BlankTypeTranslator {

		@OnEvent(" ")
		void handle(String payload) {
		}

	}

	@EventTranslator(topics = "orders")
	static class ControlCharacterTypeTranslator {

		@OnEvent("order\nplaced")
		void handle(String payload) {
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ControlCharacterTypeTranslator.class)
	static class ControlCharacterType {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ DuplicateFirst.class, DuplicateSecond.class })
	static class Duplicate {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(NoPayloadTranslator.class)
	static class NoPayload {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(MetadataOnlyTranslator.class)
	static class MetadataOnly {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ExtraParameterTranslator.class)
	static class ExtraParameter {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(NoTopicsTranslator.class)
	static class NoTopics {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(BlankTopicTranslator.class)
	static class BlankTopic {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(BlankTypeTranslator.class)
	static class BlankType {

	}

	/** A service with a translator: it consumes, so it needs a service name. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ValidTranslator.class)
	static class Valid {

	}

	@EventTranslator(topics = "orders")
	static class ValidTranslator {

		@OnEvent("order_placed")
		void handle(String payload) {
		}

	}

	@EventTranslator(topics = "orders")
	static class PrivateHandlerTranslator {

		@OnEvent("order_placed")
		private void handle(String payload) {
		}

	}

	@EventTranslator(topics = "orders")
	static class StaticHandlerTranslator {

		@OnEvent("order_placed")
		static void handle(String payload) {
		}

	}

	@EventTranslator(topics = "orders")
	static class ReturningHandlerTranslator {

		@OnEvent("order_placed")
		String handle(String payload) {
			return payload;
		}

	}

	// A translator without the annotation: its handler would never be called.
	static class StrayHandlerBean {

		@OnEvent("order_placed")
		void handle(String payload) {
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(PrivateHandlerTranslator.class)
	static class PrivateHandler {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(StaticHandlerTranslator.class)
	static class StaticHandler {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ReturningHandlerTranslator.class)
	static class ReturningHandler {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(StrayHandlerBean.class)
	static class StrayHandler {

	}

}
