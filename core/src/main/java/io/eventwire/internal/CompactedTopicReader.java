package io.eventwire.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.StringUtils;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Reads a one-partition compacted topic of eventwire's own (the parking topic, the rewinds topic)
 * from its beginning, record by record, on a thread of its own, again and again after failures,
 * and tells how far it has read: up to an offset ({@link #awaitPosition}), or up to the end the
 * topic had when asked ({@link #catchUp}).
 */
public final class CompactedTopicReader {

	private static final Logger logger = LoggerFactory.getLogger(CompactedTopicReader.class);

	private static final Duration POLL = Duration.ofMillis(100);

	// After a failure: from 100 ms, doubling up to 10 s.
	private final ExponentialBackOff retry = new ExponentialBackOff(100, 2);

	private final Supplier<Consumer<String, byte[]>> consumers;

	private final TopicPartition partition;

	private final java.util.function.Consumer<ConsumerRecord<String, byte[]>> apply;

	private final String name;

	private final String whileFailing;

	private final Duration timeout;

	private final ReadProgress progress;

	private volatile boolean running;

	private volatile @Nullable Consumer<String, byte[]> consumer;

	private @Nullable Thread thread;

	/**
	 * @param consumers creates the reader's consumer (again after a failure)
	 * @param topic the topic; its partition 0 is read
	 * @param apply takes each record
	 * @param name what the topic is, for messages ("the parking topic")
	 * @param whileFailing what waits while it cannot be read, for the warning
	 * @param timeout how long a read or a wait may take
	 */
	public CompactedTopicReader(Supplier<Consumer<String, byte[]>> consumers, String topic,
			java.util.function.Consumer<ConsumerRecord<String, byte[]>> apply, String name, String whileFailing,
			Duration timeout) {
		this.consumers = consumers;
		this.partition = new TopicPartition(topic, 0);
		this.apply = apply;
		this.name = name;
		this.whileFailing = whileFailing;
		this.timeout = timeout;
		this.progress = new ReadProgress(topic, timeout);
		this.retry.setMaxInterval(10_000);
	}

	public void start() {
		this.running = true;
		Thread thread = new Thread(this::read, "eventwire-read-" + this.partition.topic());
		thread.setDaemon(true);
		thread.start();
		this.thread = thread;
	}

	public void stop() {
		this.running = false;
		this.progress.wakeAll();
		Consumer<String, byte[]> consumer = this.consumer;
		if (consumer != null) {
			consumer.wakeup();
		}
		try {
			if (this.thread != null) {
				this.thread.join(this.timeout.toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public boolean isRunning() {
		return this.running;
	}

	public CompletableFuture<Void> catchUp() {
		return this.progress.catchUp();
	}

	public void awaitPosition(long target) {
		this.progress.awaitPosition(target);
	}

	// Any failure (of the consumer's creation too) closes the consumer and opens a new one, after a
	// back-off, where reading stopped: the thread never ends while the reader runs.
	private void read() {
		BackOffExecution backOff = null;
		while (this.running) {
			try (Consumer<String, byte[]> consumer = this.consumers.get()) {
				this.consumer = consumer;
				awaitTopic(consumer);
				consumer.assign(List.of(this.partition));
				long position = this.progress.position();
				if (position < 0) {
					consumer.seekToBeginning(List.of(this.partition));
				}
				else {
					consumer.seek(this.partition, position);
				}
				while (this.running) {
					// Answered by the reader's own consumer: it is not thread-safe.
					this.progress.takeRequests(
							() -> consumer.endOffsets(List.of(this.partition), this.timeout).get(this.partition));
					for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
						apply(record);
					}
					this.progress.advance(consumer.position(this.partition, this.timeout));
					if (backOff != null) {
						logger.info("Reading {} {} again", this.name, this.partition.topic());
						backOff = null;
					}
				}
			}
			catch (WakeupException ex) {
				return;
			}
			catch (RuntimeException ex) {
				if (backOff == null) {
					logger.warn("Reading {} {} failed; {} until it is read again, tried with backoff: {}", this.name,
							this.partition.topic(), this.whileFailing, LogSafe.escape(ex.toString()));
					backOff = this.retry.start();
				}
				else {
					logger.debug("Reading {} {} failed again: {}", this.name, this.partition.topic(),
							LogSafe.escape(ex.toString()));
				}
				pause(backOff.nextBackOff());
			}
		}
	}

	// A topic created at startup can take a moment to be known to every broker: asked for it before,
	// the consumer would warn of an unknown topic. Only a topic still unknown after the timeout is a
	// failure (to be created by an operator, say).
	private void awaitTopic(Consumer<String, byte[]> consumer) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (this.running) {
			List<PartitionInfo> partitions = consumer.partitionsFor(this.partition.topic(), this.timeout);
			if (partitions != null && !partitions.isEmpty()) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(StringUtils.capitalize(this.name) + " " + this.partition.topic() + " does not exist: "
						+ "create it with one partition and cleanup.policy=compact");
			}
			pause(100);
		}
	}

	private void pause(long millis) {
		try {
			if (this.running) {
				this.progress.sleep(millis);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	private void apply(ConsumerRecord<String, byte[]> record) {
		try {
			this.apply.accept(record);
		}
		catch (RuntimeException ex) {
			logger.error("Ignoring record {}@{} of {} {}: it is not one eventwire wrote ({})", record.partition(),
					record.offset(), this.name, record.topic(), LogSafe.escape(ex.toString()));
		}
	}

}
