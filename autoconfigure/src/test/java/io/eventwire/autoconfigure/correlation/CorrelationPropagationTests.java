package io.eventwire.autoconfigure.correlation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import io.eventwire.OutgoingEvent;
import io.eventwire.autoconfigure.KafkaTestSupport;
import io.eventwire.autoconfigure.outbox.EmbeddedMongo;
import io.eventwire.consume.EventListenerContainers;
import io.eventwire.correlation.CorrelationId;
import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxRelay;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The correlation id in one service: each handler invocation sees exactly its event's id and no
 * thread keeps one afterwards, the relay publishes under the stored id, and {@code @Async} methods
 * and Reactor carry the id without user setup.
 */
// The context owns its MongoDB server: both go when the class is done, the server after the relay stopped.
@DirtiesContext
@SpringBootTest(classes = CorrelationPropagationTests.App.class,
		properties = { "eventwire.service-name=correlation-it", "eventwire.consumer.concurrency=3",
				"eventwire.retry.backoff=10ms", "eventwire.outbox.relay.enabled=true",
				"eventwire.outbox.relay.poll-interval=200ms" })
class CorrelationPropagationTests {

	static final String TOPIC = "correlation-it-probes";

	static final String OUTBOX_TOPIC = "correlation-it-outbox";

	static final int EVENTS = 1_000;

	static final EmbeddedMongo mongo = new EmbeddedMongo("correlation-it");

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", mongo::uri);
	}


	@Autowired
	EventPublisher publisher;

	@Autowired
	EventListenerContainers containers;

	@Autowired
	EventOutbox outbox;

	@Autowired
	Probes probes;

	@Autowired
	LeakDetector leaks;

	@Autowired
	AsyncWork asyncWork;

	@Autowired
	MongoTemplate mongoTemplate;

	@Autowired
	OutboxRelay relay;

	@Test
	void eachHandlerSeesItsEventsIdAndNoThreadKeepsOne() throws Exception {
		KafkaTestSupport.awaitEveryConsumerAssigned(this.containers, TOPIC);
		List<CompletableFuture<?>> sends = new ArrayList<>();
		for (int i = 0; i < EVENTS; i++) {
			String correlationId = CorrelationId.generate();
			sends.add(this.publisher.publishAsync(OutgoingEvent.builder(TOPIC, "probe", "key-" + i, new Probe(i, correlationId))
				.correlationId(correlationId)
				.build()));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

		await().atMost(Duration.ofSeconds(60)).until(() -> this.probes.handled.size() == EVENTS);
		assertThat(this.probes.mismatches).isEmpty();
		// Every tenth event failed once and was retried: those threads were checked after an exception too.
		assertThat(this.probes.failedOnce).hasSize(EVENTS / 10);
		assertThat(this.probes.threads).hasSize(3);
		// Every attempt, the failed ones too, was checked before and after; afterRecord runs once the
		// handler returned, so the last check may come just after the last event was counted.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.leaks.checkedBefore.size() >= EVENTS + EVENTS / 10
					&& this.leaks.checkedAfter.size() >= EVENTS + EVENTS / 10);
		assertThat(this.leaks.found).isEmpty();
	}

	@Test
	void theRelayPublishesEachOutboxEntryWithTheIdItWasWrittenUnder() throws Exception {
		Map<String, String> written = new ConcurrentHashMap<>();
		ExecutorService writers = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> writes = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				String key = "order-" + i;
				writes.add(writers.submit(() -> {
					String correlationId = CorrelationId.generate();
					written.put(key, correlationId);
					return CorrelationId.call(correlationId, () -> {
						this.outbox.publish(OUTBOX_TOPIC, "order_placed", key, Map.of("key", key));
						return null;
					});
				}));
			}
			for (Future<?> write : writes) {
				write.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			writers.shutdownNow();
		}
		// This thread has an id of its own now; the relay runs on its own thread, with none.
		try (CorrelationId.Scope scope = CorrelationId.open(CorrelationId.generate())) {
			this.relay.wakeUp();
		}

		String brokers = System.getProperty("spring.embedded.kafka.brokers");
		await().atMost(Duration.ofSeconds(30)).until(() -> readAll(brokers, OUTBOX_TOPIC, (record) -> true).size() == 40);
		for (ConsumerRecord<String, byte[]> record : readAll(brokers, OUTBOX_TOPIC, (record) -> true)) {
			assertThat(header(record, "correlation_id")).as(record.key()).isEqualTo(written.get(record.key()));
		}
	}

	@Test
	void asyncMethodsAndReactorCarryTheId() throws Exception {
		String correlationId = CorrelationId.generate();
		String caller = Thread.currentThread().getName();
		try (CorrelationId.Scope scope = CorrelationId.open(correlationId)) {
			Seen async = this.asyncWork.seen().get(10, TimeUnit.SECONDS);
			assertThat(async.thread()).isNotEqualTo(caller);
			assertThat(async.correlationId()).isEqualTo(correlationId);
			assertThat(async.mdc()).isEqualTo(correlationId);

			Seen reactive = Mono.fromSupplier(Seen::now).subscribeOn(Schedulers.boundedElastic()).block();
			assertThat(reactive.thread()).isNotEqualTo(caller);
			assertThat(reactive.correlationId()).isEqualTo(correlationId);
		}
		// And the pool thread does not keep it.
		assertThat(this.asyncWork.seen().get(10, TimeUnit.SECONDS).correlationId()).isNull();
	}

	record Probe(int n, String correlationId) {
	}

	record Seen(String thread, @Nullable String correlationId, @Nullable String mdc) {

		static Seen now() {
			return new Seen(Thread.currentThread().getName(), CorrelationId.current().orElse(null),
					MDC.get(CorrelationId.mdcKey()));
		}

	}

	@EventTranslator(topics = TOPIC)
	static class Probes {

		final Set<Integer> handled = ConcurrentHashMap.newKeySet();

		final Set<Integer> failedOnce = ConcurrentHashMap.newKeySet();

		final Queue<Integer> mismatches = new ConcurrentLinkedQueue<>();

		final Set<String> threads = ConcurrentHashMap.newKeySet();

		@OnEvent("probe")
		void probe(Probe probe) {
			this.threads.add(Thread.currentThread().getName());
			Seen seen = Seen.now();
			if (!probe.correlationId().equals(seen.correlationId()) || !probe.correlationId().equals(seen.mdc())) {
				this.mismatches.add(probe.n());
			}
			if (probe.n() % 10 == 0 && this.failedOnce.add(probe.n())) {
				throw new IllegalStateException("first attempt of " + probe.n() + " fails");
			}
			this.handled.add(probe.n());
		}

	}

	/**
	 * Checks the listener threads before and after each record: no correlation id, no MDC entry.
	 */
	static class LeakDetector implements RecordInterceptor<String, byte[]> {

		final Queue<String> found = new ConcurrentLinkedQueue<>();

		final Queue<Long> checkedBefore = new ConcurrentLinkedQueue<>();

		final Queue<Long> checkedAfter = new ConcurrentLinkedQueue<>();

		@Override
		public ConsumerRecord<String, byte[]> intercept(ConsumerRecord<String, byte[]> record,
				Consumer<String, byte[]> consumer) {
			check("before", record);
			this.checkedBefore.add(record.offset());
			return record;
		}

		@Override
		public void afterRecord(ConsumerRecord<String, byte[]> record, Consumer<String, byte[]> consumer) {
			check("after", record);
			this.checkedAfter.add(record.offset());
		}

		private void check(String when, ConsumerRecord<String, byte[]> record) {
			if (CorrelationId.current().isPresent() || MDC.get(CorrelationId.mdcKey()) != null) {
				this.found.add(when + " " + record.topic() + "-" + record.partition() + "@" + record.offset());
			}
		}

	}

	static class AsyncWork {

		@Async
		CompletableFuture<Seen> seen() {
			return CompletableFuture.completedFuture(Seen.now());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@Import({ Probes.class, AsyncWork.class })
	static class App {

		@Bean
		DisposableBean closeEmbeddedMongo() {
			return mongo::close;
		}

		@Bean
		NewTopic probesTopic() {
			return TopicBuilder.name(TOPIC).partitions(3).replicas(1).build();
		}

		@Bean
		LeakDetector leakDetector() {
			return new LeakDetector();
		}

		@Bean
		static BeanPostProcessor interceptRecords(org.springframework.beans.factory.ObjectProvider<LeakDetector> detector) {
			return new BeanPostProcessor() {
				@Override
				@SuppressWarnings("unchecked")
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (beanName.equals("eventwireListenerContainerFactory")) {
						((ConcurrentKafkaListenerContainerFactory<String, byte[]>) bean)
							.setRecordInterceptor(detector.getObject());
					}
					return bean;
				}
			};
		}

	}

}
