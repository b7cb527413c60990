package io.eventwire.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writing the scenarios' events, and reading topics and consumer lag for their assertions.
 */
final class Topics {

	private Topics() {
	}

	/**
	 * A {@code step} event as a hexkit or eventwire producer writes it: {@code {"key": ..., "seq": n}}
	 * with the type, a new event id and a new correlation id.
	 * @param keys how many distinct keys the events cycle through
	 */
	static ProducerRecord<String, byte[]> step(String topic, int seq, int keys) {
		String key = "key-" + (seq % keys);
		return event(topic, key, "{\"key\":\"" + key + "\",\"seq\":" + seq + "}");
	}

	/**
	 * A {@code step} event with this key and JSON, the type, a new event id and a new correlation id.
	 */
	static ProducerRecord<String, byte[]> event(String topic, String key, String json) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, json.getBytes(StandardCharsets.UTF_8));
		record.headers()
			.add("type", "step".getBytes(StandardCharsets.UTF_8))
			.add("event_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
			.add("correlation_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
		return record;
	}

	/**
	 * Write {@code keys * perKey} step events: event i has key {@code key-(i % keys)} and is its
	 * {@code (i / keys)}-th; the third event of each of the first {@code poisoned} keys is poison
	 * ({@code "poison": true}).
	 */
	static void producePoisonedSteps(String brokers, String topic, int keys, int perKey, int poisoned) {
		try (KafkaProducer<String, byte[]> producer = producer(brokers)) {
			for (int i = 0; i < keys * perKey; i++) {
				int key = i % keys;
				int seq = i / keys;
				boolean poison = key < poisoned && seq == 2;
				producer.send(event(topic, "key-" + key,
						"{\"key\":\"key-" + key + "\",\"seq\":" + seq + ",\"poison\":" + poison + "}"));
			}
			producer.flush();
		}
	}

	/**
	 * Write {@code events} step events, acknowledged by all replicas.
	 */
	static void produceSteps(String brokers, String topic, int events, int keys) {
		try (KafkaProducer<String, byte[]> producer = producer(brokers)) {
			for (int i = 0; i < events; i++) {
				producer.send(step(topic, i, keys));
			}
			producer.flush();
		}
	}

	static KafkaProducer<String, byte[]> producer(String brokers) {
		return new KafkaProducer<>(
				Map.of("bootstrap.servers", brokers, "acks", "all", "linger.ms", 5, "enable.idempotence", true),
				new StringSerializer(), new ByteArraySerializer());
	}

	/**
	 * @return every record of the topic, from the beginning to the end offsets read at the start
	 */
	static List<ConsumerRecord<String, byte[]>> readAll(String brokers, String topic) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of("bootstrap.servers", brokers, "max.partition.fetch.bytes", 8 * 1024 * 1024),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Could not read " + topic + " to its end within 2 minutes");
				}
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			return records;
		}
	}

	/**
	 * @return how many records of the topic the consumer group has not committed yet, over all
	 * partitions
	 */
	static long lag(Admin admin, String group, String topic) {
		try {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get();
			Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
			admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.forEach((partition) -> request.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
			long lag = 0;
			for (var end : admin.listOffsets(request).all().get().entrySet()) {
				OffsetAndMetadata offset = committed.get(end.getKey());
				lag += end.getValue().offset() - ((offset != null) ? offset.offset() : 0);
			}
			return lag;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not read the lag of " + group + " on " + topic, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
