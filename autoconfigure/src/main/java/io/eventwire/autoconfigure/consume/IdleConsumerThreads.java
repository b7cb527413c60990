package io.eventwire.autoconfigure.consume;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.eventwire.consume.EventListenerContainers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Says at startup, in one WARN per consumer group, when {@code eventwire.consumer.concurrency}
 * cannot work: more consumer threads than the partitions of every topic the group reads. Kafka
 * gives such threads no partition, so they only cost a connection and a thread. The WARN names
 * them (their client ids) once this instance's assignment has settled. Asked of Kafka off the
 * startup thread: a broker that is away delays nothing.
 */
final class IdleConsumerThreads implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger logger = LoggerFactory.getLogger(IdleConsumerThreads.class);

	private static final Duration SETTLE = Duration.ofSeconds(30);

	private final EventListenerContainers containers;

	private final Supplier<Admin> admins;

	IdleConsumerThreads(EventListenerContainers containers, Supplier<Admin> admins) {
		this.containers = containers;
		this.admins = admins;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		CompletableFuture.runAsync(this::check);
	}

	void check() {
		for (MessageListenerContainer container : this.containers.getContainers()) {
			if (!(container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent)) {
				continue;
			}
			String[] topics = container.getContainerProperties().getTopics();
			Map<String, Integer> partitions = (topics != null) ? partitions(Arrays.asList(topics)) : Map.of();
			int most = partitions.values().stream().mapToInt(Integer::intValue).max().orElse(Integer.MAX_VALUE);
			int threads = concurrent.getConcurrency();
			if (threads > most) {
				List<String> idle = idleClients(container, threads);
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

	// The threads without a partition once every thread of this instance has had its assignment,
	// or none named when that takes longer than SETTLE.
	private static List<String> idleClients(MessageListenerContainer container, int threads) {
		long deadline = System.nanoTime() + SETTLE.toNanos();
		while (System.nanoTime() < deadline) {
			Map<String, Collection<TopicPartition>> assignments = container.getAssignmentsByClientId();
			if (assignments != null && assignments.size() == threads
					&& assignments.values().stream().noneMatch((assigned) -> assigned == null)
					&& assignments.values().stream().anyMatch((assigned) -> !assigned.isEmpty())) {
				return assignments.entrySet()
					.stream()
					.filter((assigned) -> assigned.getValue().isEmpty())
					.map(Map.Entry::getKey)
					.sorted()
					.toList();
			}
			try {
				TimeUnit.MILLISECONDS.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return List.of();
			}
		}
		return List.of();
	}

}
