package io.eventwire.rewind;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.eventwire.internal.LogSafe;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * A new consumer group (a new projection's translator, say) reads its topics from the beginning:
 * once the rewinds topic was read at startup (in a moment, normally well before the group's first
 * rebalance is done), a group without any rewind and without any committed offset gets rewind 0, with the
 * end offsets of its topics as the point it catches up with, so that its progress shows as a
 * rewind's does ({@link RewindProgress}) and the application can switch to what it builds once it
 * caught up. Its events are first handlings, not rewound ones.
 */
public final class FirstReads implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(FirstReads.class);

	private final RewindLog log;

	private final Supplier<Map<String, Set<String>>> groups;

	private final Supplier<Admin> admins;

	private final String instance;

	private final Clock clock;

	/**
	 * @param log the rewinds topic
	 * @param groups the consumer groups and their topics
	 * @param admins creates an admin client
	 * @param instance this instance's name
	 * @param clock tells when
	 */
	public FirstReads(RewindLog log, Supplier<Map<String, Set<String>>> groups, Supplier<Admin> admins, String instance,
			Clock clock) {
		this.log = log;
		this.groups = groups;
		this.admins = admins;
		this.instance = instance;
		this.clock = clock;
	}

	@Override
	public void run() {
		Map<String, Set<String>> unknown = new LinkedHashMap<>();
		this.groups.get().forEach((groupId, topics) -> {
			if (this.log.state(groupId).isEmpty()) {
				unknown.put(groupId, topics);
			}
		});
		if (unknown.isEmpty()) {
			return;
		}
		try (Admin admin = this.admins.get()) {
			unknown.forEach((groupId, topics) -> firstRead(admin, groupId, topics));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not tell whether consumer groups {} read their topics for the first time: {}",
					unknown.keySet(), LogSafe.escape(ex.toString()));
		}
	}

	private void firstRead(Admin admin, String groupId, Set<String> topics) {
		GroupOffsets offsets = new GroupOffsets(admin, groupId, Duration.ofSeconds(10));
		if (!offsets.committed(topics).isEmpty()) {
			return;
		}
		Map<String, Long> ends = new LinkedHashMap<>();
		offsets.ends(topics).forEach((partition, end) -> {
			if (end > 0) {
				ends.put(RewindState.partitionKey(partition.topic(), partition.partition()), end);
			}
		});
		if (ends.isEmpty()) {
			return;
		}
		this.log.publish(new RewindState(groupId, 0, RewindState.Phase.REWOUND, Instant.EPOCH, this.clock.instant(),
				this.instance, ends, null, null));
		logger.info("Consumer group '{}' reads its topics {} for the first time: up to {} events to catch up with",
				groupId, topics, ends.values().stream().mapToLong(Long::longValue).sum());
	}

}
