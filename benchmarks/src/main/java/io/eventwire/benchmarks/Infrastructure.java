package io.eventwire.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.apache.kafka.clients.admin.Admin;
import org.jspecify.annotations.Nullable;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Kafka broker and one MongoDB server, shared by every workload and both sides of each: an
 * embedded mongo-java-server, or a real MongoDB given by its URI ({@code --mongo-uri=}).
 */
final class Infrastructure implements AutoCloseable {

	private final EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 6);

	private final @Nullable MongoServer mongo;

	private final String mongoUri;

	private final Admin admin;

	/**
	 * @param mongoUri a real MongoDB to use (without a database name), or {@code null} for an
	 * embedded mongo-java-server
	 */
	Infrastructure(@Nullable String mongoUri) {
		this.kafka.afterPropertiesSet();
		this.mongo = (mongoUri != null) ? null : new MongoServer(new MemoryBackend());
		this.mongoUri = (this.mongo != null) ? this.mongo.bindAndGetConnectionString() : mongoUri.replaceAll("/+$", "");
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers()));
	}



	String brokers() {
		return this.kafka.getBrokersAsString();
	}

	String mongoUri(String database) {
		return this.mongoUri + "/" + database;
	}

	void createTopic(String topic, int partitions) {
		this.kafka.addTopics(new NewTopic(topic, partitions, (short) 1));
		// Producing before every partition has a leader fails records (and confuses the idempotent
		// producer's sequence numbers): wait for the leaders.
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
		while (!hasLeaders(topic, partitions)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Topic " + topic + " has no leader for every partition after 30 s");
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private boolean hasLeaders(String topic, int partitions) {
		try {
			var description = this.admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
			return description.partitions().size() == partitions
					&& description.partitions().stream().allMatch((partition) -> partition.leader() != null);
		}
		catch (Exception ex) {
			return false;
		}
	}

	/**
	 * Fill a topic with events as an eventwire or hexkit producer writes them.
	 */
	void produce(String topic, String type, int events, int keys, JsonMapper json) {
		// Not idempotent, one request in flight: on a topic created a moment ago the broker may first
		// answer NOT_LEADER, after which an idempotent producer's sequence numbers can go out of step
		// with the broker's (OutOfOrderSequenceException until the records expire).
		Map<String, Object> configs = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers(),
				ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
				ProducerConfig.ACKS_CONFIG, "all");
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(configs, new StringSerializer(),
				new ByteArraySerializer())) {
			java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
			for (int i = 0; i < events; i++) {
				ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, BenchEvent.key(i, keys),
						json.writeValueAsBytes(BenchEvent.of(i)));
				record.headers()
					.add("type", type.getBytes(StandardCharsets.UTF_8))
					.add("event_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
					.add("correlation_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
				producer.send(record, (metadata, exception) -> {
					if (exception != null) {
						failure.compareAndSet(null, exception);
					}
				});
			}
			producer.flush();
			// A workload that waits for events that were never written would only time out later.
			if (failure.get() != null) {
				throw new IllegalStateException("Could not fill " + topic, failure.get());
			}
		}
	}

	/**
	 * @return how many records the topic holds (the sum of its partitions' end offsets)
	 */
	long records(String topic) {
		try {
			Map<TopicPartition, OffsetSpec> request = new HashMap<>();
			this.admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.forEach((partition) -> request.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
			return this.admin.listOffsets(request).all().get().values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not read the end offsets of " + topic, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.admin.close();
		this.kafka.destroy();
		if (this.mongo != null) {
			this.mongo.shutdownNow();
		}
	}

}
