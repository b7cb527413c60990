package io.eventwire.autoconfigure.aot;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.autoconfigure.consume.EventConsumerAutoConfiguration;
import io.eventwire.autoconfigure.consume.EventConsumersEndpoint;
import io.eventwire.autoconfigure.consume.EventConsumersEndpointAutoConfiguration;
import io.eventwire.autoconfigure.dlq.DeadLetterAutoConfiguration;
import io.eventwire.autoconfigure.dlq.DeadLetterEndpoint;
import io.eventwire.autoconfigure.dlq.DeadLetterEndpointAutoConfiguration;
import io.eventwire.autoconfigure.publish.EventPublisherAutoConfiguration;
import io.eventwire.consume.EventConsumers;
import io.eventwire.dlq.DeadLetter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ahead-of-time processing of an application with a translator and the actuator endpoints: the
 * runtime hints a native image needs for what eventwire reaches by reflection.
 */
class EventwireRuntimeHintsTests {

	private static RuntimeHints hints;

	@BeforeAll
	static void processAheadOfTime() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			TestPropertyValues
				.of("spring.application.name=aot-orders", "spring.kafka.bootstrap-servers=localhost:9",
						"management.endpoints.web.exposure.include=*")
				.applyTo(context);
			context.register(AotApplication.class);
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get("io.eventwire.aot", "Application")), new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			hints = generation.getRuntimeHints();
		}
	}

	@Test
	void handlerMethodsMayBeInvoked() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderTranslator.class, "placed")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderTranslator.class, "cancelled")).accepts(hints);
	}

	@Test
	void payloadTypesCanBeBoundByJackson() {
		assertThat(RuntimeHintsPredicates.reflection().onType(OrderPlaced.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderPlaced.class, "orderId")).accepts(hints);
		// Types the payload refers to are bound too.
		assertThat(RuntimeHintsPredicates.reflection().onType(Line.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(OrderCancelled.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(EventMetadata.class)).accepts(hints);
	}

	@Test
	void propertiesCanBeBound() {
		assertThat(RuntimeHintsPredicates.reflection().onType(EventwireProperties.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(EventwireProperties.Retry.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(EventwireProperties.Relay.class)).accepts(hints);
	}

	@Test
	void endpointOperationsMayBeInvokedAndTheirAnswersSerialized() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(DeadLetterEndpoint.class, "deadLetters"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(DeadLetterEndpoint.class, "replay")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(DeadLetterEndpoint.class, "discard")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EventConsumersEndpoint.class, "groups"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EventConsumersEndpoint.class, "change"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(DeadLetter.class, "exceptionMessage")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(EventConsumers.ConsumerGroup.class)).accepts(hints);
	}

	public record Line(String sku, int quantity) {
	}

	public record OrderPlaced(String orderId, java.util.List<Line> lines) {
	}

	public record OrderCancelled(String orderId, String reason) {
	}

	@EventTranslator(topics = "aot-orders")
	static class OrderTranslator {

		@OnEvent("order_placed")
		void placed(OrderPlaced event, EventMetadata metadata) {
		}

		@OnEvent("order_cancelled")
		void cancelled(OrderCancelled event) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
			EventPublisherAutoConfiguration.class, EventConsumerAutoConfiguration.class, DeadLetterAutoConfiguration.class,
			DeadLetterEndpointAutoConfiguration.class, EventConsumersEndpointAutoConfiguration.class })
	static class AotApplication {

		@Bean
		OrderTranslator orderTranslator() {
			return new OrderTranslator();
		}

	}

}
