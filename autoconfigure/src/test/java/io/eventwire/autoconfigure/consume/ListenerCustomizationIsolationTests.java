package io.eventwire.autoconfigure.consume;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.autoconfigure.publish.EventPublisherAutoConfiguration;
import io.eventwire.consume.EventListenerContainers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.listener.adapter.RecordFilterStrategy;
import org.springframework.kafka.support.converter.RecordMessageConverter;
import org.springframework.kafka.support.converter.StringJsonMessageConverter;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Each kind of customization an application declares for its {@code @KafkaListener} containers is
 * applied by Boot to its factory, and never to eventwire's factory or containers; an
 * {@link EventListenerContainerFactoryCustomizer} is the way to customize eventwire's.
 */
class ListenerCustomizationIsolationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				EventPublisherAutoConfiguration.class, EventConsumerAutoConfiguration.class))
		.withPropertyValues("spring.application.name=isolation", "spring.kafka.bootstrap-servers=localhost:9",
				"spring.kafka.admin.auto-create=false", "eventwire.consumer.auto-startup=false")
		.withBean(Translator.class);

	static Stream<Arguments> customizations() {
		return Stream.of(
				kind("RecordFilterStrategy", RecordFilterStrategy.class, (RecordFilterStrategy<Object, Object>) (record) -> true,
						(factory) -> field(factory, "recordFilterStrategy"),
						(container) -> container.getContainerProperties().getMessageListener()),
				kind("RecordInterceptor", RecordInterceptor.class,
						(RecordInterceptor<Object, Object>) (record, consumer) -> record,
						(factory) -> field(factory, "recordInterceptor"), (container) -> field(container, "recordInterceptor")),
				kind("BatchInterceptor", BatchInterceptor.class,
						(BatchInterceptor<Object, Object>) (records, consumer) -> records,
						(factory) -> field(factory, "batchInterceptor"), (container) -> field(container, "batchInterceptor")),
				kind("ConsumerAwareRebalanceListener", ConsumerAwareRebalanceListener.class,
						new ConsumerAwareRebalanceListener() {
						}, (factory) -> factory.getContainerProperties().getConsumerRebalanceListener(),
						(container) -> field(container.getContainerProperties().getConsumerRebalanceListener(), "delegate")),
				kind("CommonErrorHandler", CommonErrorHandler.class, new DefaultErrorHandler(),
						(factory) -> field(factory, "commonErrorHandler"), (container) -> field(container, "commonErrorHandler")),
				kind("KafkaAwareTransactionManager", KafkaTransactionManager.class, transactionManager(),
						(factory) -> factory.getContainerProperties().getKafkaAwareTransactionManager(),
						(container) -> container.getContainerProperties().getKafkaAwareTransactionManager()),
				kind("AfterRollbackProcessor", AfterRollbackProcessor.class,
						(AfterRollbackProcessor<Object, Object>) (records, consumer, container, exception, recoverable,
								eos) -> {
						}, (factory) -> field(factory, "afterRollbackProcessor"),
						(container) -> field(container, "afterRollbackProcessor")),
				kind("RecordMessageConverter", RecordMessageConverter.class, new StringJsonMessageConverter(),
						(factory) -> field(factory, "recordMessageConverter"),
						(container) -> container.getContainerProperties().getMessageListener()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("customizations")
	<T> void applicationsListenerCustomizationIsBootsAndNotEventwires(String kind, Class<T> type, T bean,
			Function<ConcurrentKafkaListenerContainerFactory<?, ?>, Object> onFactory,
			Function<MessageListenerContainer, Object> onContainer) {
		this.runner.withBean(type, () -> bean).run((context) -> {
			assertThat(context).hasNotFailed();
			// Boot applies it to the application's @KafkaListener containers...
			ConcurrentKafkaListenerContainerFactory<?, ?> boots = context.getBean("kafkaListenerContainerFactory",
					ConcurrentKafkaListenerContainerFactory.class);
			assertThat(onFactory.apply(boots)).as("Boot's factory").isSameAs(bean);
			// ...and not to eventwire's.
			ConcurrentKafkaListenerContainerFactory<?, ?> eventwires = context.getBean("eventwireListenerContainerFactory",
					ConcurrentKafkaListenerContainerFactory.class);
			assertThat(onFactory.apply(eventwires)).as("eventwire's factory").isNotSameAs(bean);
			MessageListenerContainer container = context.getBean(EventListenerContainers.class).getContainers().get(0);
			assertThat(onContainer.apply(container)).as("eventwire's container").isNotSameAs(bean);
			// Records go straight to eventwire's dispatcher: no filter, no converter in between.
			assertThat(container.getContainerProperties().getMessageListener().getClass().getSimpleName())
				.isEqualTo("EventDispatcher");
		});
	}

	@Test
	void eventwiresContainersAreCustomizedThroughTheirOwnCustomizer() {
		this.runner
			.withBean(EventListenerContainerFactoryCustomizer.class,
					() -> (factory) -> factory.getContainerProperties().setIdleBetweenPolls(1234))
			.run((context) -> {
				MessageListenerContainer container = context.getBean(EventListenerContainers.class).getContainers().get(0);
				assertThat(container.getContainerProperties().getIdleBetweenPolls()).isEqualTo(1234);
				// Not Boot's: the application's @KafkaListener containers keep their settings.
				assertThat(context.getBean("kafkaListenerContainerFactory", ConcurrentKafkaListenerContainerFactory.class)
					.getContainerProperties()
					.getIdleBetweenPolls()).isZero();
			});
	}

	private static <T> Arguments kind(String name, Class<T> type, T bean,
			Function<ConcurrentKafkaListenerContainerFactory<?, ?>, Object> onFactory,
			Function<MessageListenerContainer, Object> onContainer) {
		return Arguments.of(name, type, bean, onFactory, onContainer);
	}

	private static Object field(Object target, String name) {
		return (target != null) ? ReflectionTestUtils.getField(target, name) : null;
	}

	@SuppressWarnings("unchecked")
	private static KafkaTransactionManager<Object, Object> transactionManager() {
		ProducerFactory<Object, Object> producers = mock(ProducerFactory.class);
		when(producers.transactionCapable()).thenReturn(true);
		return new KafkaTransactionManager<>(producers);
	}

	@EventTranslator(topics = "isolation-orders")
	static class Translator {

		@OnEvent("order_placed")
		void placed(Map<String, Object> event) {
		}

	}

}
