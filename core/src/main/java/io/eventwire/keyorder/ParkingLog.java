package io.eventwire.keyorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.eventwire.DependencyUnavailableException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.util.Assert;

/**
 * The parking topic, read from its beginning into {@link ParkedKeys} by a thread of its own and
 * written with the service's producer. A write returns once this instance has read it back, so
 * that what follows sees it; {@link #catchUp()} tells when everything written before the call has
 * been read, which an instance waits for before it handles a partition it was just given.
 * <p>
 * The topic has one partition: one order for all writes, and one end offset to catch up with.
 */
public class ParkingLog implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ParkingLog.class);

	private static final Duration POLL = Duration.ofMillis(100);

	private final Supplier<Consumer<String, byte[]>> consumers;

	private final KafkaOperations<String, byte[]> kafka;

	private final String topic;

	private final ParkedKeys keys;

	private final Duration timeout;

	private final Object monitor = new Object();

	private final List<CompletableFuture<Void>> requested = new ArrayList<>();

	private final List<Target> targets = new ArrayList<>();

	// The offset of the next record to read: everything before it is applied.
	private volatile long position = -1;

	private volatile boolean running;

	private volatile Consumer<String, byte[]> consumer;

	private Thread reader;

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
		this.consumers = consumers;
		this.kafka = kafka;
		this.topic = topic;
		this.keys = keys;
		this.timeout = timeout;
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
	 */
	void write(ProducerRecord<String, byte[]> record) {
		long offset;
		try {
			offset = this.kafka.send(record).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
				.getRecordMetadata()
				.offset();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DependencyUnavailableException("Interrupted while writing to " + this.topic, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new DependencyUnavailableException("Could not write to the parking topic " + this.topic, ex);
		}
		awaitPosition(offset + 1);
	}

	/**
	 * @return completes once everything written to the topic before this call has been read
	 */
	public CompletableFuture<Void> catchUp() {
		CompletableFuture<Void> ticket = new CompletableFuture<>();
		synchronized (this.monitor) {
			this.requested.add(ticket);
		}
		return ticket;
	}

	private void awaitPosition(long target) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		synchronized (this.monitor) {
			while (this.position < target) {
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0) {
					throw new DependencyUnavailableException("The parking topic " + this.topic
							+ " was not read back in " + this.timeout + " (read up to " + this.position + ", need "
							+ target + ")");
				}
				try {
					this.monitor.wait(left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new DependencyUnavailableException("Interrupted while reading " + this.topic, ex);
				}
			}
		}
	}

	private void read() {
		TopicPartition partition = new TopicPartition(this.topic, 0);
		try (Consumer<String, byte[]> consumer = this.consumers.get()) {
			this.consumer = consumer;
			consumer.assign(List.of(partition));
			consumer.seekToBeginning(List.of(partition));
			while (this.running) {
				try {
					takeRequests(consumer, partition);
					for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
						apply(record);
					}
					advance(consumer.position(partition, this.timeout));
				}
				catch (WakeupException ex) {
					return;
				}
				catch (RuntimeException ex) {
					// The consumer keeps its position: reading goes on where it stopped.
					logger.warn("Reading the parking topic {} failed; trying again: {}", this.topic, ex.toString());
				}
			}
		}
	}

	private void apply(ConsumerRecord<String, byte[]> record) {
		try {
			ParkingRecords.apply(record, this.keys);
		}
		catch (RuntimeException ex) {
			logger.error("Ignoring record {}@{} of the parking topic {}: it is not one eventwire wrote ({})",
					record.partition(), record.offset(), this.topic, ex.toString());
		}
	}

	private void takeRequests(Consumer<String, byte[]> consumer, TopicPartition partition) {
		List<CompletableFuture<Void>> tickets;
		synchronized (this.monitor) {
			if (this.requested.isEmpty()) {
				return;
			}
			tickets = new ArrayList<>(this.requested);
			this.requested.clear();
		}
		try {
			long end = consumer.endOffsets(List.of(partition), this.timeout).get(partition);
			synchronized (this.monitor) {
				tickets.forEach((ticket) -> this.targets.add(new Target(end, ticket)));
			}
		}
		catch (RuntimeException ex) {
			synchronized (this.monitor) {
				this.requested.addAll(tickets);
			}
			throw ex;
		}
	}

	private void advance(long position) {
		synchronized (this.monitor) {
			this.position = position;
			for (Iterator<Target> it = this.targets.iterator(); it.hasNext();) {
				Target target = it.next();
				if (position >= target.offset()) {
					target.ticket().complete(null);
					it.remove();
				}
			}
			this.monitor.notifyAll();
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.reader = new Thread(this::read, "eventwire-parking-" + this.topic);
		this.reader.setDaemon(true);
		this.reader.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Consumer<String, byte[]> consumer = this.consumer;
		if (consumer != null) {
			consumer.wakeup();
		}
		try {
			if (this.reader != null) {
				this.reader.join(this.timeout.toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	// Before the translators' containers start, after they stop.
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1000;
	}

	private record Target(long offset, CompletableFuture<Void> ticket) {
	}

}
