package io.eventwire.keyorder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.eventwire.DependencyUnavailableException;
import io.eventwire.NonRetryableEventException;
import io.eventwire.internal.CompactedTopicReader;
import io.eventwire.internal.KafkaSends;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.util.Assert;

/**
 * The parking topic: read from its beginning into {@link ParkedKeys} by a thread of its own, and
 * written with the service's producer. A write returns once this instance has read it back, so
 * that what follows sees it; after partitions were assigned, {@link #awaitCaughtUp()} waits until
 * everything written before has been read, which includes all that their previous owner parked.
 * <p>
 * The topic has one partition: one order for all writes, and one end offset to catch up with.
 */
public class ParkingLog implements SmartLifecycle {

	private final KafkaOperations<String, byte[]> kafka;

	private final String topic;

	private final ParkedKeys keys;

	private final Duration timeout;

	private final CompactedTopicReader reader;

	private final ParkedRecordFetcher fetcher;

	private volatile CompletableFuture<Void> caughtUp = CompletableFuture.completedFuture(null);

	/**
	 * @param consumers creates the consumer that reads the topic (assigned, no group membership)
	 * @param kafka writes to it
	 * @param topic the parking topic
	 * @param keys where what is read is applied
	 * @param timeout how long a write, or reading it back, may take before the event waits and is
	 * tried again
	 */
	public ParkingLog(Supplier<Consumer<String, byte[]>> consumers, KafkaOperations<String, byte[]> kafka,
			String topic, ParkedKeys keys, Duration timeout) {
		Assert.hasText(topic, "topic must not be blank");
		this.kafka = kafka;
		this.topic = topic;
		this.keys = keys;
		this.timeout = timeout;
		this.reader = new CompactedTopicReader(consumers, topic, (record) -> ParkingRecords.apply(record, keys),
				"the parking topic", "events of parked keys wait", timeout);
		this.fetcher = new ParkedRecordFetcher(consumers, topic, timeout);
	}

	/**
	 * @return the parking topic
	 */
	public String topic() {
		return this.topic;
	}

	/**
	 * @return the parked keys read so far
	 */
	public ParkedKeys keys() {
		return this.keys;
	}

	/**
	 * Write a record and wait until this instance has read it back.
	 * @param record a record of the parking topic
	 * @throws DependencyUnavailableException when the broker did not take it, or it was not read
	 * back, in time: the event that wrote it waits and is tried again
	 * @throws NonRetryableEventException when the record is larger than the broker takes
	 */
	void write(ProducerRecord<String, byte[]> record) {
		long offset;
		try {
			offset = KafkaSends.sendAndWait(this.kafka, record, this.timeout).getRecordMetadata().offset();
		}
		catch (KafkaSends.SendFailedException ex) {
			if (ex.isTooLarge()) {
				// Waiting would not help: the event goes to the dead-letter topic, in its key's order.
				throw new NonRetryableEventException("The event is too large to be parked in " + this.topic
						+ " (its copy there has a few more headers than the event itself)", ex.getCause());
			}
			throw new DependencyUnavailableException("Could not write to the parking topic " + this.topic, ex);
		}
		this.reader.awaitPosition(offset + 1);
	}

	/**
	 * Read parked events' records back from the topic.
	 * @param offsets where they are, ascending
	 * @return the records by offset; one that is no longer in the topic is missing
	 * @throws DependencyUnavailableException when they could not be read in time
	 */
	Map<Long, ConsumerRecord<String, byte[]>> fetch(List<Long> offsets) {
		return this.fetcher.fetch(offsets);
	}

	/**
	 * @return the record of a parked event that was too large to copy, where it was consumed, or
	 * {@code null} when it is no longer there
	 * @throws DependencyUnavailableException when it could not be read in time
	 */
	@Nullable ConsumerRecord<String, byte[]> fetchOriginal(ParkedEvent event) {
		return this.fetcher.fetchOriginal(new TopicPartition(event.key().topic(), event.id().partition()),
				event.id().offset());
	}

	/**
	 * Partitions were assigned: what is handled next waits until the topic is read up to its end.
	 */
	void assigned() {
		this.caughtUp = this.reader.catchUp();
	}

	/**
	 * @throws DependencyUnavailableException when the topic was not read up to the end it had at
	 * the last assignment in time: the event waits and is tried again
	 */
	void awaitCaughtUp() {
		CompletableFuture<Void> caughtUp = this.caughtUp;
		if (caughtUp.isDone()) {
			return;
		}
		try {
			caughtUp.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DependencyUnavailableException("Interrupted while reading " + this.topic, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new DependencyUnavailableException("The parked keys in " + this.topic
					+ " were not read in time: events wait until they are, so that none overtakes a parked one", ex);
		}
	}

	@Override
	public void start() {
		this.reader.start();
	}

	@Override
	public void stop() {
		this.reader.stop();
		this.fetcher.close();
	}

	@Override
	public boolean isRunning() {
		return this.reader.isRunning();
	}

	/**
	 * The parking log's lifecycle phase: below the translators' containers
	 * ({@code EventListenerContainers.PHASE}, {@code DEFAULT_PHASE - 4096}), so that it is read before
	 * they start and still read while they stop (a container finishing an event of a parked key
	 * writes here and waits to read it back).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 5000;

	@Override
	public int getPhase() {
		return PHASE;
	}

}
