package io.eventwire.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.eventwire.EventMetadata;
import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetterConflictException;
import io.eventwire.dlq.DeadLetterPage;
import io.eventwire.dlq.DeadLetterQuery;
import io.eventwire.dlq.DeadLetterSummary;
import io.eventwire.dlq.DeadLetters;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 15 of docs/reliability.md, a dead-letter topic shared by forty services: 100,000 dead
 * letters of other services ahead of this service's 200 (20 keys), one of them written in a
 * transaction (its commit markers take offsets). The first page comes from an index of this
 * service's dead letters alone; a stuck dead letter of one key holds up no other key;
 * a key's dead letters are replayed in order.
 */
class SharedDeadLetterTopicTests {

	static final String TOPIC = "shared-dlq-orders";

	static final String SERVICE = "shared-dlq";

	static final int OTHERS = 100_000;

	static final int MINE = 200;

	static final int KEYS = 20;

	@Test
	void thisServicesDeadLettersAreListedAndReplayedPerKeyWhateverTheTopicHolds() throws Exception {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, TOPIC, "dlq", "retry-" + SERVICE);
		broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1"));
		broker.afterPropertiesSet();
		String brokers = broker.getBrokersAsString();
		try {
			fillWithOtherServicesDeadLetters(brokers);
			try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class)
				.web(WebApplicationType.NONE)
				.run("--spring.kafka.bootstrap-servers=" + brokers, "--eventwire.service-name=" + SERVICE,
						"--eventwire.dlq.key-order=false", "--spring.main.banner-mode=off")) {
				run(app, brokers);
			}
		}
		finally {
			broker.destroy();
		}
	}

	private void run(ConfigurableApplicationContext app, String brokers) {
		Orders orders = app.getBean(Orders.class);
		EventPublisher publisher = app.getBean(EventPublisher.class);
		for (int seq = 0; seq < MINE; seq++) {
			publisher.publishAsync(TOPIC, "order", "k-" + (seq % KEYS), Map.of("seq", seq));
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> orders.refused.size() == MINE);
		deadLettersInATransaction(brokers);

		DeadLetters deadLetters = app.getBean(DeadLetters.class);
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		System.gc();
		long heapBefore = memory.getHeapMemoryUsage().getUsed();
		Instant asked = Instant.now();
		DeadLetterPage first = deadLetters.page(new DeadLetterQuery(null, null, null, null, 0, 50));
		Duration firstPage = Duration.between(asked, Instant.now());
		System.gc();
		long heapAfter = memory.getHeapMemoryUsage().getUsed();
		asked = Instant.now();
		DeadLetterPage next = deadLetters.page(new DeadLetterQuery(TOPIC, "order", null, "k-3", 0, 50));
		Duration filteredPage = Duration.between(asked, Instant.now());
		System.out.printf("shared dead-letter topic: %,d others ahead of %d; first page %d ms (index built), "
				+ "a filtered page then %d ms; heap after the index %+,d KB%n", OTHERS, MINE, firstPage.toMillis(),
				filteredPage.toMillis(), (heapAfter - heapBefore) / 1024);
		assertThat(first.total()).isEqualTo(MINE);
		assertThat(first.deadLetters()).hasSize(50).allSatisfy((letter) -> assertThat(letter.payload()).isNotNull());
		assertThat(next.total()).isEqualTo(MINE / KEYS);
		// Generous bounds on a busy two-core machine; docs/reliability.md has the figures.
		assertThat(firstPage).isLessThan(Duration.ofSeconds(5));
		assertThat(heapAfter - heapBefore).as("heap kept by the index").isLessThan(32L * 1024 * 1024);
		DeadLetterSummary summary = deadLetters.summary();
		assertThat(summary.count()).isEqualTo(MINE);
		assertThat(summary.byType()).singleElement().satisfies((group) -> assertThat(group.count()).isEqualTo(MINE));

		// The second dead letter of k-0 waits for the first; k-1's does not wait for k-0's.
		List<DeadLetter> k0 = deadLetters.page(new DeadLetterQuery(null, null, null, "k-0", 0, 50)).deadLetters();
		List<DeadLetter> k1 = deadLetters.page(new DeadLetterQuery(null, null, null, "k-1", 0, 50)).deadLetters();
		assertThatExceptionOfType(DeadLetterConflictException.class)
			.isThrownBy(() -> deadLetters.replay(k0.get(1).eventId()))
			.withMessageContaining("comes after " + k0.get(0).eventId() + " of the same key");
		orders.fixed.add("k-1");
		deadLetters.replay(k1.get(0).eventId());
		await().atMost(Duration.ofSeconds(30)).until(() -> orders.handled.contains(1));

		// Fixed, but for one key: everything else is replayed, each key in order; k-19 fails again.
		for (int key = 0; key < KEYS - 1; key++) {
			orders.fixed.add("k-" + key);
		}
		List<DeadLetter> replayed = deadLetters.replayAll();
		assertThat(replayed).hasSize(MINE - 1);
		await().atMost(Duration.ofSeconds(60)).until(() -> orders.handled.size() == MINE - MINE / KEYS);
		for (int key = 0; key < KEYS - 1; key++) {
			int k = key;
			assertThat(orders.handled.stream().filter((seq) -> seq % KEYS == k).toList()).as("k-%d in order", key)
				.isSorted();
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(deadLetters.summary().count()).isEqualTo(MINE / KEYS));
	}

	private static void fillWithOtherServicesDeadLetters(String brokers) throws Exception {
		Map<String, Object> configs = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.ACKS_CONFIG, "1",
				ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
		byte[] payload = ("{\"orderId\":\"%s\",\"items\":[{\"sku\":\"book-1\",\"quantity\":2}],\"note\":\""
				+ "x".repeat(200) + "\"}").getBytes(StandardCharsets.US_ASCII);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(configs, new StringSerializer(),
				new ByteArraySerializer())) {
			for (int i = 0; i < OTHERS; i++) {
				ProducerRecord<String, byte[]> record = new ProducerRecord<>("dlq", i % 3, "o-" + i, payload);
				header(record, "type", "order_placed");
				header(record, "event_id", UUID.randomUUID().toString());
				header(record, "correlation_id", UUID.randomUUID().toString());
				header(record, "original_topic", "orders-" + (i % 40));
				header(record, "original_event_id", UUID.randomUUID().toString());
				header(record, "service", "other-service-" + (i % 40));
				header(record, "exc_class", "ValueError");
				header(record, "exc_msg", "something was wrong with order o-" + i);
				producer.send(record);
			}
			producer.flush();
		}
	}

	// Another service writes transactionally: its commit markers take the last offset of each partition.
	private static void deadLettersInATransaction(String brokers) {
		Map<String, Object> transactional = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
				ProducerConfig.TRANSACTIONAL_ID_CONFIG, "other-service-tx");
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(transactional, new StringSerializer(),
				new ByteArraySerializer())) {
			producer.initTransactions();
			producer.beginTransaction();
			for (int partition = 0; partition < 3; partition++) {
				ProducerRecord<String, byte[]> record = new ProducerRecord<>("dlq", partition, "tx-" + partition,
						"{}".getBytes(StandardCharsets.US_ASCII));
				header(record, "service", "other-service-tx");
				producer.send(record);
			}
			producer.commitTransaction();
		}
	}

	private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
		record.headers().add(name, value.getBytes(StandardCharsets.US_ASCII));
	}

	@EventTranslator(topics = TOPIC)
	static class Orders {

		final Set<String> fixed = ConcurrentHashMap.newKeySet();

		final Set<Integer> refused = ConcurrentHashMap.newKeySet();

		final List<Integer> handled = new CopyOnWriteArrayList<>();

		@OnEvent("order")
		void on(Map<String, Integer> order, EventMetadata metadata) {
			int seq = order.get("seq");
			if (!this.fixed.contains(metadata.key())) {
				this.refused.add(seq);
				throw new NonRetryableEventException("order " + seq + " cannot be handled yet");
			}
			this.handled.add(seq);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Orders.class)
	static class App {

	}

}
