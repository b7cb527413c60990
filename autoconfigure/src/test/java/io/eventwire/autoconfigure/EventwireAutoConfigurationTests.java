package io.eventwire.autoconfigure;

import java.util.Map;

import io.eventwire.EventPublisher;
import io.eventwire.autoconfigure.dlq.DeadLetterAutoConfiguration;
import io.eventwire.consume.EventConsumers;
import io.eventwire.dlq.DeadLetters;
import org.apache.kafka.clients.admin.NewTopic;
import io.eventwire.OutgoingEvent;
import io.eventwire.PublishResult;
import io.eventwire.autoconfigure.consume.EventConsumerAutoConfiguration;
import io.eventwire.autoconfigure.correlation.CorrelationWebAutoConfiguration;
import io.eventwire.correlation.CorrelationIdFilter;
import io.eventwire.autoconfigure.consume.EventListenerContainerFactoryConfigurer;
import io.eventwire.autoconfigure.publish.EventPublisherAutoConfiguration;
import io.eventwire.consume.EventListenerContainers;
import io.eventwire.publish.EventRecordFactory;
import io.eventwire.publish.KafkaEventPublisher;
import java.util.concurrent.CompletableFuture;

import io.eventwire.observation.EventListenerObservationConvention;
import io.eventwire.publish.EventProducer;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.kafka.listener.ContainerProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

class EventwireAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				EventPublisherAutoConfiguration.class, EventConsumerAutoConfiguration.class))
		// No broker: topic creation at startup and the consumers are off, so nothing waits for one.
		.withPropertyValues("spring.application.name=auto-config-test", "spring.kafka.bootstrap-servers=localhost:9",
				"spring.kafka.admin.auto-create=false", "eventwire.consumer.auto-startup=false")
		.withUserConfiguration(OneTranslator.class);

	@Test
	void publishOnlyApplicationNeedsNoServiceNameAndDeclaresNoConsumerTopics() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
					EventPublisherAutoConfiguration.class, EventConsumerAutoConfiguration.class,
					DeadLetterAutoConfiguration.class))
			.withPropertyValues("spring.kafka.bootstrap-servers=localhost:9", "spring.kafka.admin.auto-create=false")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(EventPublisher.class)
					.doesNotHaveBean(EventListenerContainers.class)
					.doesNotHaveBean(DeadLetters.class)
					.doesNotHaveBean(NewTopic.class);
			});
	}

	@Test
	void consumersHonourAutoStartupAndAreControlledThroughEventConsumers() {
		this.runner.run((context) -> {
			EventListenerContainers containers = context.getBean(EventListenerContainers.class);
			assertThat(containers.isAutoStartup()).isFalse();
			assertThat(containers.isRunning()).isFalse();
			assertThat(context.getBean(EventConsumers.class).groups()).singleElement().satisfies((group) -> {
				assertThat(group.groupId()).isEqualTo("auto-config-test");
				assertThat(group.running()).isFalse();
				assertThat(group.topics()).contains("auto-config-orders", "retry-auto-config-test");
			});
		});
		this.runner.withPropertyValues("eventwire.consumer.auto-startup=true")
			.run((context) -> assertThat(context.getBean(EventListenerContainers.class).isAutoStartup()).isTrue());
	}

	@Test
	void createsPublisherAndConsumerInfrastructure() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(EventPublisher.class)
				.hasSingleBean(EventRecordFactory.class)
				.hasSingleBean(EventListenerContainers.class)
				.hasSingleBean(EventListenerContainerFactoryConfigurer.class)
				.hasBean("eventwireListenerContainerFactory");
			// eventwire's producer is not a KafkaTemplate bean, so the application's stays unambiguous.
			assertThat(context).hasSingleBean(KafkaTemplate.class);
		});
	}

	@Test
	void producerAndListenerContainersAreObservedWhenTracingIsPresentAndThereIsARegistry() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler((context) -> true);
		this.runner.withBean(ObservationRegistry.class, () -> registry).run((context) -> {
			assertThat(ReflectionTestUtils.getField(context.getBean(EventProducer.class).kafkaTemplate(),
					"observationEnabled")).isEqualTo(true);
			ContainerProperties containerProperties = context
				.getBean("eventwireListenerContainerFactory", ConcurrentKafkaListenerContainerFactory.class)
				.getContainerProperties();
			assertThat(containerProperties.isObservationEnabled()).isTrue();
			assertThat(containerProperties.getObservationConvention())
				.isInstanceOf(EventListenerObservationConvention.class);
		});
		this.runner.withBean(ObservationRegistry.class, () -> registry)
			.withPropertyValues("eventwire.observation.enabled=false")
			.run((context) -> assertThat(ReflectionTestUtils
				.getField(context.getBean(EventProducer.class).kafkaTemplate(), "observationEnabled")).isEqualTo(false));
		this.runner.run((context) -> assertThat(
				ReflectionTestUtils.getField(context.getBean(EventProducer.class).kafkaTemplate(), "observationEnabled"))
			.isEqualTo(false));
	}

	@Test
	void producerIsIdempotentWithAcksAllAndKeepsUsersKafkaSettings() {
		this.runner
			.withPropertyValues("spring.kafka.client-id=billing", "spring.kafka.producer.acks=1",
					"spring.kafka.producer.compression-type=zstd")
			.run((context) -> {
				KafkaEventPublisher publisher = context.getBean(KafkaEventPublisher.class);
				KafkaTemplate<?, ?> template = (KafkaTemplate<?, ?>) ReflectionTestUtils.getField(publisher,
						"kafkaTemplate");
				Map<String, Object> configs = template.getProducerFactory().getConfigurationProperties();
				assertThat(configs).containsEntry("acks", "all")
					.containsEntry("enable.idempotence", true)
					.containsEntry("client.id", "billing")
					.containsEntry("compression.type", "zstd")
					.containsEntry("bootstrap.servers", java.util.List.of("localhost:9"));
			});
	}

	@Test
	void consumersCommitOnlyAfterHandlingAndStartFromTheEarliestOffset() {
		this.runner.withPropertyValues("spring.kafka.consumer.max-poll-records=42", "eventwire.consumer.concurrency=2")
			.run((context) -> {
				ConcurrentKafkaListenerContainerFactory<?, ?> factory = context
					.getBean("eventwireListenerContainerFactory", ConcurrentKafkaListenerContainerFactory.class);
				Map<String, Object> configs = factory.getConsumerFactory().getConfigurationProperties();
				assertThat(configs).containsEntry("enable.auto.commit", false)
					.containsEntry("auto.offset.reset", "earliest")
					.containsEntry("max.poll.records", 42);
				assertThat(ReflectionTestUtils.getField(factory, "concurrency")).isEqualTo(2);
			});
	}

	@Test
	void keepsAnExplicitOffsetReset() {
		this.runner.withPropertyValues("spring.kafka.consumer.auto-offset-reset=latest").run((context) -> {
			ConcurrentKafkaListenerContainerFactory<?, ?> factory = context.getBean("eventwireListenerContainerFactory",
					ConcurrentKafkaListenerContainerFactory.class);
			assertThat(factory.getConsumerFactory().getConfigurationProperties()).containsEntry("auto.offset.reset",
					"latest");
		});
	}

	@Test
	void backsOffWhenTheUserDefinesTheBeans() {
		this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(EventPublisher.class);
			assertThat(context.getBean(EventPublisher.class)).isSameAs(context.getBean(UserBeans.class).publisher);
			assertThat(context.getBean("eventwireListenerContainerFactory"))
				.isSameAs(context.getBean(UserBeans.class).factory);
			assertThat(context.getBean(EventRecordFactory.class))
				.isSameAs(context.getBean(UserBeans.class).recordFactory);
		});
	}

	@Test
	void createsNothingWhenDisabled() {
		this.runner.withPropertyValues("eventwire.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(EventPublisher.class)
				.doesNotHaveBean(EventListenerContainers.class)
				.doesNotHaveBean("eventwireListenerContainerFactory")
				.doesNotHaveBean(EventwireProperties.class);
		});
	}

	@Test
	void createsNothingWithoutSpringKafka() {
		this.runner.withClassLoader(new FilteredClassLoader(KafkaTemplate.class)).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(EventPublisher.class)
				.doesNotHaveBean(EventListenerContainers.class);
		});
	}

	@Test
	void serviceNameDefaultsToTheApplicationNameAndCanBeOverridden() {
		this.runner.withPropertyValues("eventwire.service-name=orders").run((context) -> {
			EventListenerContainers containers = context.getBean(EventListenerContainers.class);
			assertThat(ReflectionTestUtils.getField(containers, "serviceGroupId")).isEqualTo("orders");
		});
		this.runner.run((context) -> {
			EventListenerContainers containers = context.getBean(EventListenerContainers.class);
			assertThat(ReflectionTestUtils.getField(containers, "serviceGroupId")).isEqualTo("auto-config-test");
		});
	}

	@Test
	void servletApplicationsGetTheCorrelationIdFilterOnTheConfiguredHeader() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CorrelationWebAutoConfiguration.class))
			.withPropertyValues("eventwire.correlation.http-header=X-Request-Correlation")
			.run((context) -> {
				FilterRegistrationBean<?> registration = context.getBean("eventwireCorrelationIdFilter",
						FilterRegistrationBean.class);
				assertThat(registration.getFilter()).isInstanceOf(CorrelationIdFilter.class);
				assertThat(ReflectionTestUtils.getField(registration.getFilter(), "headerName"))
					.isEqualTo("X-Request-Correlation");
			});
		this.runner.withConfiguration(AutoConfigurations.of(CorrelationWebAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean("eventwireCorrelationIdFilter"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		final EventPublisher publisher = new EventPublisher() {

			@Override
			public void publish(OutgoingEvent event) {
			}

			@Override
			public CompletableFuture<PublishResult> publishAsync(OutgoingEvent event) {
				return CompletableFuture.completedFuture(null);
			}

		};

		final ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();

		final EventRecordFactory recordFactory = new EventRecordFactory(new tools.jackson.databind.json.JsonMapper(),
				true);

		@Bean
		EventPublisher myPublisher() {
			return this.publisher;
		}

		@Bean
		ConcurrentKafkaListenerContainerFactory<String, byte[]> eventwireListenerContainerFactory(
				ProducerFactory<Object, Object> unused) {
			this.factory.setConsumerFactory(new org.springframework.kafka.core.DefaultKafkaConsumerFactory<>(
					Map.of("bootstrap.servers", "localhost:9")));
			return this.factory;
		}

		@Bean
		EventRecordFactory myRecordFactory() {
			return this.recordFactory;
		}

	}

}
