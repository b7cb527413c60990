package io.eventwire.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import io.eventwire.test.broker.KafkaBrokerProcess;
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
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Kafka broker and one MongoDB server, shared by every workload and both sides of each, each in
 * a process of its own so that what the benchmark's JVM spends is the application's alone: a Kafka
 * broker ({@link KafkaBrokerProcess}), and mongo-java-server ({@link MongoServerProcess}) or a real
 * MongoDB given by its URI ({@code --mongo-uri=}).
 */
final class Infrastructure implements AutoCloseable {

	private final Path brokerDirectory;

	private final KafkaBrokerProcess kafka;

	private final @Nullable MongoServerProcess mongo;

	private final String mongoUri;

	private final Admin admin;

	private final MongoCommands mongoCommands = new MongoCommands();

	/**
	 * @param mongoUri a real MongoDB to use (without a database name), or {@code null} for
	 * mongo-java-server in a process of its own
	 * @param mongoHeap the maximum heap of that mongo-java-server process, such as {@code 2g}
	 */
	Infrastructure(@Nullable String mongoUri, String mongoHeap) throws IOException {
		this.brokerDirectory = Files.createTempDirectory("eventwire-benchmarks-kafka");
		this.kafka = KafkaBrokerProcess.start(this.brokerDirectory);
		this.mongo = (mongoUri != null) ? null : MongoServerProcess.start(mongoHeap);
		this.mongoUri = (this.mongo != null) ? this.mongo.uri() : mongoUri.replaceAll("/+$", "");
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers()));
	}

	String brokers() {
		return this.kafka.bootstrapServers();
	}

	/**
	 * @return the counter of MongoDB commands, registered in every context {@link #application} starts
	 */
	MongoCommands mongoCommands() {
		return this.mongoCommands;
	}

	/**
	 * @return what the JVM spent so far, to compare with later
	 */
	Cost.Snapshot costs() {
		return Cost.take(this.mongoCommands);
	}

	/**
	 * @return what the JVM spent per event since the snapshot
	 */
	Cost costSince(Cost.Snapshot before, long events) {
		return before.since(this.mongoCommands, events);
	}

	/**
	 * @return a builder for a benchmark context (no web server) whose MongoDB clients report their
	 * commands to {@link #mongoCommands()}
	 */
	SpringApplicationBuilder application(Class<?> source) {
		return new SpringApplicationBuilder(source).web(WebApplicationType.NONE)
			.initializers((context) -> context.getBeanFactory().registerSingleton("benchmarkMongoCommands",
					this.mongoCommands));
	}

	String mongoUri(String database) {
		return this.mongoUri + "/" + database;
	}

	void createTopic(String topic, int partitions) {
		try {
			this.admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not create " + topic, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
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
		this.kafka.close();
		if (this.mongo != null) {
			this.mongo.close();
		}
		FileSystemUtils.deleteRecursively(this.brokerDirectory.toFile());
	}

}
