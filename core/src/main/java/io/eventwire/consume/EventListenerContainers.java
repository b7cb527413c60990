package io.eventwire.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import io.eventwire.EventUpcaster;
import io.eventwire.keyorder.KeyOrder;
import io.eventwire.keyorder.KeyOrders;
import io.eventwire.metrics.EventMetrics;
import io.eventwire.parallel.KeyParallelDispatcher;
import io.eventwire.parallel.KeyParallelism;
import io.eventwire.parallel.KeyedFailures;
import io.eventwire.retry.ConsumerGroupStates;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.Assert;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates and runs one listener container per consumer group of the application's translators.
 * <p>
 * Each container subscribes to all topics its group's translators name and dispatches every record
 * by topic and type, so two translators on one topic both get their events without splitting the
 * partitions between them. Translators are discovered and checked as this bean is created, so a
 * wrong declaration fails the startup. At shutdown the containers stop once the web server drained
 * its requests, before the outbox relay (see {@link #PHASE}).
 */
public class EventListenerContainers implements InitializingBean, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(EventListenerContainers.class);

	/**
	 * The containers' lifecycle phase: below Spring Boot's web server ({@code DEFAULT_PHASE - 2048})
	 * and its graceful shutdown ({@code DEFAULT_PHASE - 1024}), so that at shutdown the web server
	 * first drains its requests, then the consumers stop, then the outbox relay sends what both
	 * wrote.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final KeyParallelism SERIAL = new KeyParallelism(1, 1, Duration.ZERO);

	private final ApplicationContext applicationContext;

	private final ConcurrentKafkaListenerContainerFactory<String, byte[]> containerFactory;

	private final String serviceGroupId;

	private final JsonMapper jsonMapper;

	private final @Nullable String retryTopic;

	private final EventMetrics metrics;

	private final @Nullable PayloadValidator validator;

	private final @Nullable EventInbox inbox;

	private final ConsumerGroupStates states;

	private final @Nullable KeyOrders keyOrders;

	private final List<ConcurrentMessageListenerContainer<String, byte[]>> containers = new ArrayList<>();

	// The dispatchers of the groups that handle keys side by side, by group.
	private final Map<String, KeyParallelDispatcher> parallel = new LinkedHashMap<>();

	private Function<String, KeyParallelism> parallelism = (groupId) -> SERIAL;

	private @Nullable KeyedFailures keyedFailures;

	private List<EventUpcaster> upcasters = List.of();

	private ReplayMarks replays = ReplayMarks.NONE;

	private Predicate<String> mayStart = (groupId) -> true;

	private @Nullable EventHandlerRegistry registry;

	private volatile boolean running;

	private boolean autoStartup = true;

	/**
	 * @param applicationContext where the translators are
	 * @param containerFactory creates the containers
	 * @param serviceGroupId the service's consumer group
	 * @param jsonMapper binds payloads
	 * @param retryTopic the service's retry topic, consumed by every group (each handles the replays
	 * of its own dead letters), or {@code null} when dead letters are off
	 * @param metrics counts handled events
	 * @param validator validates payloads of handlers that ask for it, or {@code null}
	 * @param inbox skips events a group handled before, or {@code null} to handle every delivery
	 * @param states each group's waits and circuit breaker, told of handled events and revocations
	 * @param keyOrders parks the later events of a dead letter's key, in each group that keeps key
	 * order, or {@code null} to let them overtake it
	 */
	public EventListenerContainers(ApplicationContext applicationContext,
			ConcurrentKafkaListenerContainerFactory<String, byte[]> containerFactory, String serviceGroupId,
			JsonMapper jsonMapper, @Nullable String retryTopic, EventMetrics metrics,
			@Nullable PayloadValidator validator, @Nullable EventInbox inbox, ConsumerGroupStates states,
			@Nullable KeyOrders keyOrders) {
		Assert.notNull(applicationContext, "applicationContext must not be null");
		Assert.notNull(containerFactory, "containerFactory must not be null");
		Assert.hasText(serviceGroupId, "serviceGroupId must not be blank");
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		this.applicationContext = applicationContext;
		this.containerFactory = containerFactory;
		this.serviceGroupId = serviceGroupId;
		this.jsonMapper = jsonMapper;
		this.retryTopic = retryTopic;
		this.metrics = metrics;
		this.validator = validator;
		this.inbox = inbox;
		this.states = states;
		this.keyOrders = keyOrders;
	}

	/**
	 * Discover the translators as this bean is created, before the other beans' post-instantiation
	 * callbacks: {@code KafkaAdmin}'s declares topics there, which takes its timeout while the broker
	 * is away, and a wrongly declared translator should fail the startup before that.
	 */
	@Override
	public void afterPropertiesSet() {
		initialize();
	}

	// Also called from start(), for an instance not created as a bean.
	private synchronized void initialize() {
		if (this.registry != null) {
			return;
		}
		EventHandlerRegistry registry = EventHandlerRegistry.discover(this.applicationContext,
				this.applicationContext.getEnvironment(), this.serviceGroupId, this.jsonMapper, this.validator);
		EventUpcasters upcasters = new EventUpcasters(this.upcasters, this.jsonMapper);
		for (String groupId : registry.groupIds()) {
			upcasters.check(registry.handlers(groupId));
			Set<String> topics = new LinkedHashSet<>(registry.topics(groupId));
			topics.forEach((topic) -> registry.types(groupId, topic).forEach((type) -> this.metrics.register(topic, type)));
			// Replayed dead letters arrive on the retry topic, each for the group that failed it: every
			// group reads it and handles its own.
			boolean serviceGroup = groupId.equals(this.serviceGroupId);
			if (this.retryTopic != null) {
				topics.add(this.retryTopic);
			}
			ConcurrentMessageListenerContainer<String, byte[]> container = this.containerFactory
				.createContainer(topics.toArray(String[]::new));
			container.getContainerProperties().setGroupId(groupId);
			// Each group parks its own keys and releases them through the retry topic, which it reads.
			KeyOrder keyOrder = (this.retryTopic != null && this.keyOrders != null) ? this.keyOrders.forGroup(groupId)
					: null;
			EventDispatcher dispatcher = new EventDispatcher(registry.handlers(groupId), this.retryTopic, this.metrics,
					groupId, serviceGroup, this.inbox, this.states.forGroup(groupId), keyOrder, upcasters, this.replays);
			container.setBeanName("eventwire-" + groupId);
			ContainerProperties properties = container.getContainerProperties();
			properties.setMessageListener(dispatcher);
			KeyParallelDispatcher keyParallel = keyParallel(groupId, dispatcher, container);
			properties.setConsumerRebalanceListener(new PartitionChangeListener(
					properties.getConsumerRebalanceListener(), (partitions) -> {
						dispatcher.revoked(partitions);
						this.states.revoked(groupId, partitions);
					}, (partitions) -> {
						if (keyOrder != null) {
							keyOrder.assigned(partitions);
						}
					}, keyParallel));
			container.setApplicationEventPublisher(this.applicationContext);
			container.setApplicationContext(this.applicationContext);
			this.containers.add(container);
		}
		this.registry = registry;
	}

	// The group's listener, when it handles keys side by side.
	private @Nullable KeyParallelDispatcher keyParallel(String groupId, EventDispatcher dispatcher,
			ConcurrentMessageListenerContainer<String, byte[]> container) {
		KeyParallelism settings = this.parallelism.apply(groupId);
		if (!settings.isParallel()) {
			return null;
		}
		Assert.state(this.keyedFailures != null, "Handling keys side by side needs KeyedFailures");
		KeyParallelDispatcher keyParallel = new KeyParallelDispatcher(groupId, settings, dispatcher::dispatch,
				this.keyedFailures, this.states.forGroup(groupId));
		keyParallel.attach(container);
		this.parallel.put(groupId, keyParallel);
		this.metrics.keyParallel(groupId, keyParallel::inFlight, keyParallel::queued);
		logger.info("eventwire consumer group '{}' handles up to {} events of different keys at once per consumer thread",
				groupId, settings.parallelism());
		return keyParallel;
	}

	/**
	 * Handle the events of different keys of one partition side by side in some groups.
	 * @param parallelism each group's settings
	 * @param failures what decides the fate of a failed event, per key
	 */
	public void setKeyParallelism(Function<String, KeyParallelism> parallelism, KeyedFailures failures) {
		Assert.state(this.registry == null, "Set before the translators are discovered");
		this.parallelism = parallelism;
		this.keyedFailures = failures;
	}

	/**
	 * @param upcasters turn older payloads into the versions the handlers take
	 */
	public void setUpcasters(List<EventUpcaster> upcasters) {
		Assert.state(this.registry == null, "Set before the translators are discovered");
		this.upcasters = List.copyOf(upcasters);
	}

	/**
	 * Mark rewound events, and leave the groups being rewound stopped at startup.
	 * @param replays which events are handled again because their group was rewound
	 * @param mayStart whether a group may start now (not while it is being rewound)
	 */
	public void setRewinds(ReplayMarks replays, Predicate<String> mayStart) {
		Assert.state(this.registry == null, "Set before the translators are discovered");
		this.replays = replays;
		this.mayStart = mayStart;
	}

	/**
	 * @param groupId a consumer group
	 * @return its dispatcher, when the group handles keys side by side
	 */
	public @Nullable KeyParallelDispatcher keyParallel(String groupId) {
		return this.parallel.get(groupId);
	}

	/**
	 * @return the handlers found, by group, topic and type
	 */
	public EventHandlerRegistry getRegistry() {
		Assert.state(this.registry != null, "Translators are discovered once all singletons are instantiated");
		return this.registry;
	}

	/**
	 * @return the running containers, one per consumer group
	 */
	public List<MessageListenerContainer> getContainers() {
		return Collections.unmodifiableList(this.containers);
	}

	@Override
	public void start() {
		initialize();
		this.parallel.values().forEach(KeyParallelDispatcher::start);
		for (ConcurrentMessageListenerContainer<String, byte[]> container : this.containers) {
			// A group being rewound starts when the rewind is done.
			boolean start = this.mayStart.test(String.valueOf(container.getGroupId()));
			logger.info("{} eventwire consumer group '{}' on topics {}", start ? "Starting" : "Not starting (rewound)",
					container.getGroupId(), Arrays.toString(container.getContainerProperties().getTopics()));
			if (start) {
				container.start();
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		// In-flight events finish first, so that the containers commit them as they stop.
		this.parallel.values().parallelStream().forEach(KeyParallelDispatcher::drain);
		for (MessageListenerContainer container : this.containers) {
			container.stop();
		}
		this.parallel.values().forEach(KeyParallelDispatcher::stop);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * @param autoStartup whether the containers start with the application (by default they do);
	 * when not, {@link #start()} starts them
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
