package io.eventwire.autoconfigure.consume;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.eventwire.consume.EventListenerContainers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Says at startup, in one WARN per consumer group, when {@code eventwire.consumer.concurrency}
 * cannot work: more consumer threads than the partitions of every topic the group reads. Kafka
 * gives such threads no partition, so they only cost a connection and a thread. Once this
 * instance's assignment has settled (a broker that is away delays nothing and, never assigning,
 * makes nothing be said), the partitions are counted and the WARN names the threads (their client
 * ids) that got none. Runs on a thread of its own, which ends with the application.
 */
final class IdleConsumerThreads implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(IdleConsumerThreads.class);

	private static final Duration SETTLE = Duration.ofSeconds(30);

	private final EventListenerContainers containers;

	private final Supplier<Admin> admins;

	private volatile boolean stopped;

	private volatile @Nullable Thread checker;

	IdleConsumerThreads(EventListenerContainers containers, Supplier<Admin> admins) {
		this.containers = containers;
		this.admins = admins;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		Thread thread = new Thread(this::check, "eventwire-idle-consumer-threads");
		thread.setDaemon(true);
		this.checker = thread;
		thread.start();
	}

	@Override
	public void destroy() {
		this.stopped = true;
		Thread thread = this.checker;
		if (thread != null) {
			thread.interrupt();
		}
	}

	void check() {
		for (MessageListenerContainer container : this.containers.getContainers()) {
			if (!(container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent)) {
				continue;
			}
			String[] topics = container.getContainerProperties().getTopics();
			int threads = concurrent.getConcurrency();
			if (topics == null || threads < 2) {
				continue;
			}
			Map<String, Collection<TopicPartition>> assignments = settled(container, threads);
			if (assignments == null) {
				continue;
			}
			Map<String, Integer> partitions = partitions(Arrays.asList(topics));
			int most = partitions.values().stream().mapToInt(Integer::intValue).max().orElse(Integer.MAX_VALUE);
			if (threads > most) {
				List<String> idle = assignments.entrySet()
					.stream()
					.filter((assigned) -> assigned.getValue().isEmpty())
					.map(Map.Entry::getKey)
					.sorted()
					.toList();
				logger.warn("eventwire consumer group '{}' runs {} consumer threads (eventwire.consumer.concurrency) "
						+ "but its topics have at most {} partitions ({}): {} stay idle. Lower the concurrency, add "
						+ "partitions, or handle a partition's events in parallel (eventwire.consumer.parallelism)",
						container.getGroupId(), threads, most, partitions,
						idle.isEmpty() ? (threads - most) + " of them" : idle.size() + " of them, " + idle);
			}
		}
	}

	private Map<String, Integer> partitions(List<String> topics) {
		try (Admin admin = this.admins.get()) {
			Map<String, Integer> counts = new TreeMap<>();
			admin.describeTopics(topics)
				.allTopicNames()
				.get(SETTLE.toSeconds(), TimeUnit.SECONDS)
				.forEach((topic, description) -> counts.put(topic, description.partitions().size()));
			return counts;
		}
		catch (Exception ex) {
			// Not known now: nothing to say, rather than a guess.
			logger.debug("Could not count the partitions of {}: {}", topics, ex.toString());
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			return Map.of();
		}
	}

	// Each thread's partitions once every thread of this instance has had its assignment; null when
	// that does not happen within SETTLE (a broker away) or the application stops.
	private @Nullable Map<String, Collection<TopicPartition>> settled(MessageListenerContainer container, int threads) {
		long deadline = System.nanoTime() + SETTLE.toNanos();
		while (!this.stopped && System.nanoTime() < deadline) {
			Map<String, Collection<TopicPartition>> assignments = container.getAssignmentsByClientId();
			if (assignments != null && assignments.size() == threads
					&& assignments.values().stream().noneMatch((assigned) -> assigned == null)
					&& assignments.values().stream().anyMatch((assigned) -> !assigned.isEmpty())) {
				return assignments;
			}
			try {
				TimeUnit.MILLISECONDS.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
		}
		return null;
	}

}
