package io.eventwire.keyorder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import io.eventwire.internal.CompactedTopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parking topic's reader never ends while it runs: a consumer that cannot be created, or that
 * fails outside a poll, is replaced after a back-off, and reading goes on where it stopped. Before,
 * such a failure ended the reader's thread while it still said it was running, and every event of
 * the group then waited for it for good.
 */
class ParkingTopicReaderTests {

	private static final String TOPIC = "parked-svc";

	private static final TopicPartition PARTITION = new TopicPartition(TOPIC, ParkingRecords.PARTITION);

	private final ParkedKeys keys = new ParkedKeys();

	private CompactedTopicReader reader;

	@AfterEach
	void stop() {
		if (this.reader != null) {
			this.reader.stop();
		}
	}

	@Test
	void aConsumerThatCannotBeCreatedAtFirstIsCreatedAgainAndReadingGoesOn() {
		AtomicInteger created = new AtomicInteger();
		MockConsumer<String, byte[]> consumer = consumerWith(stateRecord(0, "K"));
		Supplier<Consumer<String, byte[]>> consumers = () -> {
			if (created.incrementAndGet() <= 2) {
				throw new KafkaException("no broker yet");
			}
			return consumer;
		};
		this.reader = new CompactedTopicReader(consumers, TOPIC, (record) -> ParkingRecords.apply(record, this.keys),
				"the parking topic", "events of parked keys wait", Duration.ofSeconds(10));

		this.reader.start();

		this.reader.awaitPosition(1);
		assertThat(created).hasValue(3);
		assertThat(this.keys.state(new TopicKey("orders", "K"))).isNotNull();
		assertThat(this.reader.isRunning()).isTrue();
	}

	@Test
	void aConsumerThatFailsOutsideAPollIsReplacedAndReadsOnFromWhereTheFirstStopped() {
		MockConsumer<String, byte[]> first = consumerWith(stateRecord(0, "K"));
		MockConsumer<String, byte[]> second = consumerWith(stateRecord(1, "L"));
		AtomicInteger created = new AtomicInteger();
		Supplier<Consumer<String, byte[]>> consumers = () -> (created.incrementAndGet() == 1) ? first : second;
		this.reader = new CompactedTopicReader(consumers, TOPIC, (record) -> ParkingRecords.apply(record, this.keys),
				"the parking topic", "events of parked keys wait", Duration.ofSeconds(10));
		this.reader.start();
		this.reader.awaitPosition(1);

		first.setPollException(new KafkaException("the broker went away"));

		this.reader.awaitPosition(2);
		assertThat(created).hasValue(2);
		assertThat(second.position(PARTITION)).isEqualTo(2);
		assertThat(this.keys.state(new TopicKey("orders", "L"))).isNotNull();
	}

	@Test
	void aTopicNotKnownYetIsWaitedForBeforeItIsRead() {
		MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
		consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
		consumer.updateEndOffsets(Map.of(PARTITION, 1L));
		consumer.schedulePollTask(() -> consumer.addRecord(stateRecord(0, "K")));
		AtomicInteger created = new AtomicInteger();
		this.reader = new CompactedTopicReader(() -> {
			created.incrementAndGet();
			return consumer;
		}, TOPIC, (record) -> ParkingRecords.apply(record, this.keys), "the parking topic", "events of parked keys wait",
				Duration.ofSeconds(10));
		this.reader.start();

		// Created at startup, known to the broker a moment later.
		consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, ParkingRecords.PARTITION, null, null, null)));

		this.reader.awaitPosition(1);
		assertThat(created).hasValue(1);
		assertThat(this.keys.state(new TopicKey("orders", "K"))).isNotNull();
	}

	private static MockConsumer<String, byte[]> consumerWith(ConsumerRecord<String, byte[]> record) {
		MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
		consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, ParkingRecords.PARTITION, null, null, null)));
		consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
		consumer.updateEndOffsets(Map.of(PARTITION, record.offset() + 1));
		consumer.schedulePollTask(() -> consumer.addRecord(record));
		return consumer;
	}

	private static ConsumerRecord<String, byte[]> stateRecord(long offset, String key) {
		KeyState state = new KeyState(new TopicKey("orders", key), KeyState.Mode.PARKED, "dl", "ev", "reason",
				Instant.parse("2026-12-06T10:00:00Z"), null);
		ProducerRecord<String, byte[]> written = ParkingRecords.state(TOPIC, state);
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(TOPIC, ParkingRecords.PARTITION, offset,
				written.key(), written.value());
		written.headers().forEach((header) -> record.headers().add(header));
		return record;
	}

}
