package io.eventwire.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.eventwire.consume.EventListenerContainers;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import static org.awaitility.Awaitility.await;

/**
 * Reads and writes raw records the way another client (hexkit, an operator's tool) would.
 */
public final class KafkaTestSupport {

	private KafkaTestSupport() {
	}

	/**
	 * Wait until every consumer of the first eventwire consumer group holds a partition of the topic,
	 * so events published next spread over all of them.
	 * @param containers eventwire's listener containers
	 * @param topic the topic
	 */
	public static void awaitEveryConsumerAssigned(EventListenerContainers containers, String topic) {
		ConcurrentMessageListenerContainer<?, ?> container = (ConcurrentMessageListenerContainer<?, ?>) containers
			.getContainers()
			.get(0);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> container.getContainers()
				.stream()
				.allMatch((child) -> child.getAssignedPartitions() != null && child.getAssignedPartitions()
					.stream()
					.anyMatch((partition) -> partition.topic().equals(topic))));
	}

	/** All records of a topic, from the beginning to its current end, that match, in partition order. */
	public static List<ConsumerRecord<String, byte[]>> readAll(String brokers, String topic,
			Predicate<ConsumerRecord<String, byte[]>> filter) {
		return readAll(Map.of("bootstrap.servers", brokers), topic, filter);
	}

	/** As {@link #readAll(String, String, Predicate)}, with a client's properties (a login, say). */
	public static List<ConsumerRecord<String, byte[]>> readAll(Map<String, Object> client, String topic,
			Predicate<ConsumerRecord<String, byte[]>> filter) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(client, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (partitions.stream().anyMatch((p) -> consumer.position(p) < end.get(p))
					&& System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(100)).forEach((record) -> {
					if (filter.test(record)) {
						records.add(record);
					}
				});
			}
			return records;
		}
	}

	public static RecordMetadata send(String brokers, String topic, String key, String value, Map<String, String> headers)
			throws Exception {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", brokers),
				new StringSerializer(), new ByteArraySerializer())) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, utf8(value));
			headers.forEach((name, headerValue) -> record.headers().add(name, utf8(headerValue)));
			return producer.send(record).get();
		}
	}

	public static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	public static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/** Set a topic's {@code max.message.bytes}, as an operator would. */
	public static void setMaxMessageBytes(Admin admin, String topic, String value) throws Exception {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
		Collection<AlterConfigOp> ops = List.of(new AlterConfigOp(
				new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, value), AlterConfigOp.OpType.SET));
		admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
	}

}
