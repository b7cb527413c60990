package io.eventwire.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxDocuments;
import io.eventwire.outbox.OutboxMetrics;
import io.eventwire.outbox.OutboxRelay;
import io.eventwire.outbox.OutboxRelaySettings;
import io.eventwire.outbox.OutboxTracing;
import io.eventwire.publish.EventProducer;
import io.eventwire.publish.EventRecordFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Outbox relay: drain pending outbox entries to Kafka with eventwire's relay (lease, send, await,
 * mark published), against a plain loop that streams the same documents and sends them with a
 * {@code KafkaTemplate} of the same settings, a page of 1,000 at a time, without marking anything. The baseline runs first on
 * the entries (it changes nothing), then the relay drains them.
 */
final class RelayWorkload {

	static final String TOPIC = "bench-relay";

	static final String BASELINE_TOPIC = "bench-relay-baseline";

	private final Infrastructure infrastructure;

	private final int events;

	private final int keys;

	private int run;

	private ConfigurableApplicationContext context;

	RelayWorkload(Infrastructure infrastructure, int events, int keys) {
		this.infrastructure = infrastructure;
		this.events = events;
		this.keys = keys;
		infrastructure.createTopic(TOPIC, 6);
		infrastructure.createTopic(BASELINE_TOPIC, 6);
	}

	/**
	 * Store the entries of the next repetition in a new database (not timed).
	 */
	void fill() {
		if (this.context != null) {
			Workloads.dropDatabase(this.context);
			this.context.close();
		}
		this.context = this.infrastructure.application(App.class)
			.run(Workloads.args(this.infrastructure, "bench-relay-" + (++this.run), "--eventwire.service-name=bench-relay"));
		EventOutbox outbox = this.context.getBean(EventOutbox.class);
		for (int i = 0; i < this.events; i++) {
			outbox.publish(TOPIC, "bench_event", BenchEvent.key(i, this.keys), BenchEvent.of(i));
		}
	}

	Measurement baseline() throws Exception {
		MongoTemplate mongo = this.context.getBean(MongoTemplate.class);
		DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(
				this.context.getBean(EventProducer.class).kafkaTemplate().getProducerFactory().getConfigurationProperties(),
				new StringSerializer(), new ByteArraySerializer());
		KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(factory);
		try {
			List<CompletableFuture<?>> sent = new ArrayList<>(this.events);
			Cost.Snapshot before = this.infrastructure.costs();
			long start = System.nanoTime();
			// Pages in write order: mongo-java-server answers a query in one message, however large.
			ObjectId last = null;
			while (true) {
				// One writer: its ObjectIds are in write order, and unlike seq unique on mongo-java-server.
				Query page = new Query().with(Sort.by(OutboxDocuments.WRITER_SEQUENCE)).limit(1_000);
				if (last != null) {
					page.addCriteria(Criteria.where(OutboxDocuments.WRITER_SEQUENCE).gt(last));
				}
				List<Document> documents = mongo.find(page, Document.class, "eventwire_outbox");
				if (documents.isEmpty()) {
					break;
				}
				for (Document document : documents) {
					ProducerRecord<String, byte[]> record = new ProducerRecord<>(BASELINE_TOPIC,
							document.getString(OutboxDocuments.KEY),
							document.getString(OutboxDocuments.PAYLOAD_JSON).getBytes(StandardCharsets.UTF_8));
					record.headers()
						.add("type", document.getString(OutboxDocuments.TYPE).getBytes(StandardCharsets.UTF_8))
						.add("event_id", document.getString(OutboxDocuments.EVENT_ID).getBytes(StandardCharsets.UTF_8))
						.add("correlation_id",
								document.getString(OutboxDocuments.CORRELATION_ID).getBytes(StandardCharsets.UTF_8));
					sent.add(template.send(record));
				}
				last = documents.get(documents.size() - 1).getObjectId(OutboxDocuments.WRITER_SEQUENCE);
			}
			CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
			if (sent.size() != this.events) {
				throw new IllegalStateException("Read " + sent.size() + " of " + this.events + " entries");
			}
			return Measurement.since(this.infrastructure, before, start, this.events);
		}
		finally {
			template.destroy();
			factory.destroy();
		}
	}

	/**
	 * From the relay's start until it has published and marked every entry; it learns that from the
	 * relay's metrics, not by asking MongoDB or Kafka.
	 */
	Measurement eventwire() throws Exception {
		RelayProgress progress = new RelayProgress(this.events);
		OutboxRelay relay = relay(this.context, progress);
		Cost.Snapshot before = this.infrastructure.costs();
		long start = System.nanoTime();
		relay.start();
		try {
			progress.await(Duration.ofMinutes(5));
			return Measurement.since(this.infrastructure, before, start, this.events);
		}
		finally {
			relay.stop();
			relay.destroy();
		}
	}

	/**
	 * eventwire's relay with its default settings, on the context's MongoDB and producer, started by
	 * the caller (not by the context, whose relay is off).
	 */
	static OutboxRelay relay(ConfigurableApplicationContext context, OutboxMetrics metrics) {
		OutboxRelaySettings settings = new OutboxRelaySettings("eventwire_outbox", "eventwire_outbox_leases",
				Duration.ofSeconds(1), 500, Duration.ofSeconds(30), 16, 5, Duration.ofDays(7), UUID.randomUUID().toString());
		return new OutboxRelay(context.getBean(MongoTemplate.class), context.getBean(EventProducer.class),
				context.getBean(EventRecordFactory.class), settings, metrics, Clock.systemUTC(), null,
				OutboxTracing.NONE);
	}

	void close() {
		if (this.context != null) {
			Workloads.dropDatabase(this.context);
			this.context.close();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
