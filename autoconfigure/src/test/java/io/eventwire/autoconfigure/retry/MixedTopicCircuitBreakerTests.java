package io.eventwire.autoconfigure.retry;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The circuit breaker counts only what handlers did. One topic carries many types (the documented
 * normal case): records of types no handler wants, between the failing events, are skipped, and a
 * skip is no success. Before, each skip reset the count, so during an outage 68 of 100 failing
 * events were dead-lettered one after the other and the breaker never opened.
 */
@SpringBootTest(classes = MixedTopicCircuitBreakerTests.App.class,
		properties = { "eventwire.service-name=" + MixedTopicCircuitBreakerTests.SERVICE,
				"eventwire.retry.backoff=50ms", "eventwire.retry.max-backoff=200ms",
				"eventwire.consumer.circuit-breaker.open-duration=2s",
				"eventwire.consumer.circuit-breaker.max-open-duration=4s" })
class MixedTopicCircuitBreakerTests {

	static final String SERVICE = "mixed-breaker-it";

	static final String TOPIC = "mixed-breaker-it-orders";

	private static final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	@Autowired
	EventPublisher publisher;

	@Autowired
	Handlers handlers;

	@Autowired
	DeadLetters deadLetters;

	@Autowired
	MeterRegistry meters;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@AfterAll
	static void stopScheduler() {
		scheduler.shutdownNow();
	}

	@Test
	void aTopicMixingAFailingTypeWithTypesNoHandlerWantsOpensTheBreakerDuringAnOutage() {
		this.handlers.downstreamBroken.set(true);
		scheduler.schedule(() -> this.handlers.downstreamBroken.set(false), 30, TimeUnit.SECONDS);
		Set<String> published = new HashSet<>();
		for (int i = 0; i < 100; i++) {
			// Every event a key of its own: a dead letter parks nothing else.
			published.add(this.publisher.publishAsync(TOPIC, "call", "key-" + i, new Call("call-" + i)).join().eventId());
			this.publisher.publish(TOPIC, "audited", "key-" + i, new Call("noise-" + i));
		}

		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.meters.get("eventwire.consumer.circuit.open").tag("group", SERVICE).gauge().value() == 1);
		await().atMost(Duration.ofSeconds(90))
			.until(() -> this.handlers.handled.size() + deadLetters(published).size() >= 100);

		List<ConsumerRecord<String, byte[]>> dead = deadLetters(published);
		Set<String> deadIds = new HashSet<>();
		dead.forEach((record) -> deadIds.add(header(record, "original_event_id")));
		assertThat(dead).hasSizeLessThanOrEqualTo(5).hasSize(deadIds.size());
		assertThat(this.handlers.handled).hasSize(100 - dead.size());
		assertThat(this.handlers.handled.values()).doesNotContainAnyElementsOf(deadIds);
		assertThat(this.deadLetters.list()).filteredOn(DeadLetter::isParked).isEmpty();
		assertThat(this.meters.get("eventwire.consumer.circuit.open").tag("group", SERVICE).gauge().value()).isZero();
	}

	private List<ConsumerRecord<String, byte[]>> deadLetters(Set<String> originalEventIds) {
		return readAll(this.brokers, "dlq", (record) -> originalEventIds.contains(header(record, "original_event_id")));
	}

	record Call(String id) {
	}

	@EventTranslator(topics = TOPIC)
	static class Handlers {

		final AtomicBoolean downstreamBroken = new AtomicBoolean();

		// Event id by call id, of the calls that succeeded.
		final Map<String, String> handled = new ConcurrentHashMap<>();

		@OnEvent("call")
		void call(Call call, io.eventwire.EventMetadata metadata) {
			if (this.downstreamBroken.get()) {
				throw new IllegalStateException("500 from payments for " + call.id());
			}
			this.handled.put(call.id(), metadata.eventId());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Handlers.class)
	static class App {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		NewTopic mixedTopic() {
			return TopicBuilder.name(TOPIC).partitions(1).replicas(1).build();
		}

	}

}
