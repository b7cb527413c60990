package io.eventwire.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.eventwire.contract.UndeclaredEvents;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of eventwire, under the prefix {@code eventwire}.
 * <p>
 * Kafka itself (bootstrap servers, security, client ids) is configured the standard Spring Boot way
 * under {@code spring.kafka}; eventwire derives its producer and consumers from those settings.
 *
 * @param enabled Whether eventwire is on. When false, none of its beans are created.
 * @param serviceName Name of this service: the consumer group of its translators, the
 * "service" header of its dead letters and the suffix of its retry topic. Defaults to
 * spring.application.name; one of the two must be set.
 * @param consumer How translators consume.
 * @param correlation How correlation ids are handled.
 * @param retry How failed handling is retried.
 * @param dlq Where events go when handling them failed for good.
 * @param outbox The transactional outbox in MongoDB.
 * @param observation Micrometer observations (traces) of eventwire's producer, consumers and outbox.
 * @param contracts The service's event contracts (@PublishesEvent, @OnEvent, /actuator/asyncapi).
 */
@ConfigurationProperties("eventwire")
public record EventwireProperties(@DefaultValue("true") boolean enabled, @Nullable String serviceName,
		@DefaultValue Consumer consumer, @DefaultValue Correlation correlation, @DefaultValue Retry retry,
		@DefaultValue Dlq dlq, @DefaultValue Outbox outbox, @DefaultValue Observation observation,
		@DefaultValue Contracts contracts) {

	/**
	 * The service's event contracts.
	 *
	 * @param undeclared What happens when a service that declares what it publishes (@PublishesEvent)
	 * publishes a topic and type it did not declare: warn (a WARN once per pair), fail (the publish is
	 * refused with a PublishException) or ignore.
	 * @param springwolfUi Whether Springwolf's UI (io.github.springwolf:springwolf-ui on the class
	 * path, without springwolf-core) shows the service's contracts at
	 * /springwolf/asyncapi-ui.html, eventwire answering its /springwolf/docs and
	 * /springwolf/ui-config.
	 */
	public record Contracts(@DefaultValue("warn") UndeclaredEvents undeclared,
			@DefaultValue("true") boolean springwolfUi) {

	}

	/**
	 * Micrometer observations of eventwire's producer, listener containers and outbox.
	 *
	 * @param enabled Whether eventwire's producer, listener containers and outbox relay are observed,
	 * so traces cross Kafka and the outbox. Applies when micrometer-tracing is on the class path and
	 * there is an ObservationRegistry.
	 */
	public record Observation(@DefaultValue("true") boolean enabled) {

	}

	/**
	 * How translators consume.
	 *
	 * @param concurrency Number of consumer threads of each consumer group, at most one per
	 * partition.
	 * @param deduplication Skipping events a consumer group handled before.
	 * @param circuitBreaker Stopping dead-lettering when every event of a consumer group fails.
	 * @param autoStartup Whether eventwire's consumers start with the application. When off, start
	 * them through the EventListenerContainers bean (its start method).
	 * @param parallelism How many events each consumer thread has in flight at once, never two of one
	 * key: events of different keys of one partition are handled side by side, each key in order
	 * (events without a key in partition order among themselves). 1 handles a partition's events one
	 * after another.
	 * @param maxBufferedEvents How many events each consumer thread holds, in flight or waiting for
	 * their key or a handler thread, before it pauses its partitions (it resumes them at half of
	 * this); at least the parallelism. Applies when the parallelism is above 1.
	 * @param drainTimeout How long the in-flight events of a revoked partition, or of a stopping
	 * consumer, get to finish before they are given up (and handled again by the partition's next
	 * owner). Applies when the parallelism is above 1; keep it well below max.poll.interval.ms.
	 * @param groups Settings of single consumer groups (translators with a groupId of their own), by
	 * group id.
	 */
	public record Consumer(@DefaultValue("1") int concurrency, @DefaultValue Deduplication deduplication,
			@DefaultValue CircuitBreaker circuitBreaker, @DefaultValue("true") boolean autoStartup,
			@DefaultValue("1") int parallelism, @DefaultValue("1000") int maxBufferedEvents,
			@DefaultValue("10s") Duration drainTimeout, Map<String, Group> groups) {

		public Consumer {
			if (concurrency < 1) {
				throw new IllegalArgumentException("eventwire.consumer.concurrency must be at least 1, not " + concurrency);
			}
			Group.check("eventwire.consumer.parallelism", parallelism);
			if (maxBufferedEvents < 1) {
				throw new IllegalArgumentException(
						"eventwire.consumer.max-buffered-events must be at least 1, not " + maxBufferedEvents);
			}
			if (drainTimeout.isNegative()) {
				throw new IllegalArgumentException("eventwire.consumer.drain-timeout must not be negative");
			}
			groups = (groups != null) ? Map.copyOf(groups) : Map.of();
			groups.forEach((groupId, group) -> {
				if (group.parallelism() != null) {
					Group.check("eventwire.consumer.groups." + groupId + ".parallelism", group.parallelism());
				}
			});
		}

		/**
		 * @param groupId a consumer group
		 * @return how many events each of its consumer threads has in flight at once
		 */
		public int parallelism(String groupId) {
			Group group = this.groups.get(groupId);
			return (group != null && group.parallelism() != null) ? group.parallelism() : this.parallelism;
		}

	}

	/**
	 * Settings of one consumer group.
	 *
	 * @param parallelism How many events each of the group's consumer threads has in flight at once,
	 * never two of one key. When not set, eventwire.consumer.parallelism.
	 */
	public record Group(@Nullable Integer parallelism) {

		static void check(String property, int parallelism) {
			if (parallelism < 1 || parallelism > 10_000) {
				throw new IllegalArgumentException(property + " must be between 1 and 10000, not " + parallelism);
			}
		}

	}

	/**
	 * The circuit breaker of each consumer group. When several different events in a row exhaust
	 * their retries, the failures are systemic rather than the events' own: the group stops
	 * dead-lettering, pauses, and tries the failing event again after the open duration. The first
	 * event that succeeds closes it. Poison events (never retryable) and events waiting for a
	 * dependency do not count.
	 *
	 * @param enabled Whether consumer groups have a circuit breaker. When false, every event whose
	 * retries are exhausted is dead-lettered.
	 * @param failureThreshold How many different events in a row must exhaust their retries to open
	 * the breaker.
	 * @param openDuration How long the breaker stays open before the failing event is tried again.
	 * @param maxOpenDuration Longest time the breaker stays open: the open duration doubles after each
	 * failed trial, up to this.
	 */
	public record CircuitBreaker(@DefaultValue("true") boolean enabled, @DefaultValue("5") int failureThreshold,
			@DefaultValue("30s") Duration openDuration, @DefaultValue("5m") Duration maxOpenDuration) {

		public CircuitBreaker {
			if (failureThreshold < 1) {
				throw new IllegalArgumentException(
						"eventwire.consumer.circuit-breaker.failure-threshold must be at least 1, not " + failureThreshold);
			}
			if (openDuration.isNegative() || openDuration.isZero()) {
				throw new IllegalArgumentException("eventwire.consumer.circuit-breaker.open-duration must be positive");
			}
			if (maxOpenDuration.compareTo(openDuration) < 0) {
				throw new IllegalArgumentException("eventwire.consumer.circuit-breaker.max-open-duration (" + maxOpenDuration
						+ ") must not be shorter than open-duration (" + openDuration + ")");
			}
		}

	}

	/**
	 * The inbox: handled event ids, recorded per consumer group in MongoDB, so that an event delivered
	 * again is skipped instead of handled twice.
	 *
	 * @param enabled Whether translators skip events their consumer group handled before. Needs
	 * MongoDB.
	 * @param collection Name of the inbox collection.
	 * @param retention How long a handled event id is remembered (a TTL index removes it after).
	 * @param transactional Whether each handler runs inside a MongoDB transaction together with its
	 * inbox record, so that its MongoDB writes and the record commit together (or not at all). Needs a
	 * MongoTransactionManager. Off by default: a transaction lasts as long as the handler, MongoDB
	 * aborts it after 60 s (transactionLifetimeLimitSeconds), and what a handler does outside MongoDB
	 * (an HTTP call, a publish) is not rolled back anyway. When off, the event is recorded right after
	 * its handler succeeded.
	 */
	public record Deduplication(@DefaultValue("false") boolean enabled,
			@DefaultValue("eventwire_inbox") String collection, @DefaultValue("7d") Duration retention,
			@DefaultValue("false") boolean transactional) {

	}

	/**
	 * How correlation ids are handled.
	 *
	 * @param generateIfMissing Whether to generate a correlation id when an event is published with
	 * none current. When false, publishing without one fails.
	 * @param httpHeader HTTP header that carries the correlation id into a request and back out in its
	 * response.
	 * @param mdcKey Logging MDC key under which the current correlation id is put. The default console
	 * and file log patterns show it unless logging.pattern.correlation is set.
	 */
	public record Correlation(@DefaultValue("true") boolean generateIfMissing,
			@DefaultValue("X-Correlation-ID") String httpHeader, @DefaultValue("correlationId") String mdcKey) {

		public Correlation {
			if (mdcKey.isBlank()) {
				throw new IllegalArgumentException("eventwire.correlation.mdc-key must not be blank");
			}
		}

	}

	/**
	 * How failed handling is retried. Retries happen in place: the partition waits, so order per
	 * key is kept. A failure that says a dependency is unavailable is retried until it succeeds.
	 *
	 * @param maxRetries Number of retries after the first failed attempt, so an event is tried at
	 * most 1 + max-retries times. 0 sends a failed event to the dead-letter topic at once. Does not
	 * apply to failures that wait for a dependency.
	 * @param backoff Wait before the first retry; it doubles with each further retry. Below 500 ms,
	 * eventwire's consumers fetch with half of it as their fetch.max.wait.ms (unless
	 * spring.kafka.consumer.fetch-max-wait is set), so that retries are not held back by waiting
	 * fetches.
	 * @param maxBackoff Longest wait between two attempts, also while waiting for a dependency. The
	 * partition is paused meanwhile, so it may exceed the consumer's max.poll.interval.ms.
	 * @param transientExceptions Further exceptions that mean a dependency is unavailable: an event
	 * whose handler throws one of them (or an exception caused by one) waits and is tried again until
	 * it succeeds, and is never dead-lettered. Connection, socket and timeout failures of MongoDB,
	 * Kafka and java.net, Spring's transient and resource-failure data access exceptions, HTTP 503
	 * and 504 answers to Spring's HTTP clients and DependencyUnavailableException always count.
	 */
	public record Retry(@DefaultValue("3") int maxRetries, @DefaultValue("500ms") Duration backoff,
			@DefaultValue("10s") Duration maxBackoff,
			@DefaultValue List<Class<? extends Throwable>> transientExceptions) {

		public Retry {
			if (maxRetries < 0) {
				throw new IllegalArgumentException("eventwire.retry.max-retries must not be negative, not " + maxRetries);
			}
			if (backoff.isNegative() || maxBackoff.isNegative()) {
				throw new IllegalArgumentException("eventwire.retry.backoff and max-backoff must not be negative");
			}
		}

	}

	/**
	 * The dead-letter queue: a topic, shared by services, that receives events whose handling
	 * failed for good, with the reason in its headers. Each service also consumes its retry topic
	 * ("retry-" and the service name), through which dead letters are replayed.
	 *
	 * @param enabled Whether failed events go to the dead-letter topic. When false, an event whose
	 * retries are exhausted is logged at ERROR and skipped.
	 * @param topic Name of the dead-letter topic.
	 * @param nonRetryableExceptions Exceptions that are never retried: an event whose handler
	 * throws one of them (or an exception caused by one) goes to the dead-letter topic at once.
	 * NonRetryableEventException and payloads that do not bind are never retried anyway.
	 * @param keyOrder Whether a dead letter holds back the later events of its key (in the service's
	 * consumer group) until it is replayed and handled, or discarded, so that no event of a key
	 * overtakes an earlier one. The parked keys and events are kept in the compacted topic
	 * named "parked-" and the service name. When false, later events of the key are handled at once.
	 */
	public record Dlq(@DefaultValue("true") boolean enabled, @DefaultValue("dlq") String topic,
			@DefaultValue List<Class<? extends Exception>> nonRetryableExceptions,
			@DefaultValue("true") boolean keyOrder) {

	}

	/**
	 * The transactional outbox: events stored in MongoDB with the business change and published by a
	 * relay. MongoDB is the application's own, configured under spring.mongodb.
	 *
	 * @param collection Name of the outbox collection.
	 * @param retention How long published events stay in the outbox before a TTL index removes them.
	 * @param compactedTopics Topics on which a newer event replaces an unpublished older one with the
	 * same key (the document id is "topic:key").
	 * @param relay How the relay publishes stored events.
	 * @param health When the outbox reports itself unhealthy.
	 * @param requireTransaction Whether EventOutbox.publish outside a MongoDB transaction fails
	 * (OutboxTransactionRequiredException) instead of warning, once per call site, that the event is
	 * not written atomically with the business change. Needs a MongoTransactionManager.
	 */
	public record Outbox(@DefaultValue("eventwire_outbox") String collection, @DefaultValue("7d") Duration retention,
			@DefaultValue List<String> compactedTopics, @DefaultValue Relay relay, @DefaultValue OutboxHealth health,
			@DefaultValue("false") boolean requireTransaction) {

	}

	/**
	 * When the outbox health indicator reports DOWN.
	 *
	 * @param maxPendingAge Age of the oldest event waiting to be published above which the outbox
	 * is DOWN: the relay is not keeping up, or cannot reach Kafka.
	 */
	public record OutboxHealth(@DefaultValue("5m") Duration maxPendingAge) {

	}

	/**
	 * How the outbox relay publishes stored events.
	 *
	 * @param enabled Whether this instance runs the relay.
	 * @param pollInterval How often the relay looks for stored events. Unless wake-on-write is off,
	 * it is also woken right after each local outbox write commits.
	 * @param batchSize How many events the relay sends before awaiting the acknowledgements and
	 * marking them published.
	 * @param leaseDuration How long a relay instance holds a shard without renewing its lease; after
	 * a crash, another instance takes the shard over once the lease expired. Leases are renewed every
	 * sixth of it, whatever the poll interval.
	 * @param shards Into how many shards keys are split; the shards are shared out among the running
	 * instances. Events of one key are always in one shard and go out in the order written. Instances
	 * with different counts never relay at once: after a change, instances with the new count wait
	 * until the last one with the old count has stopped.
	 * @param maxAttempts After how many failed attempts to send an event that cannot succeed (too
	 * large, say) the relay marks it failed and moves on.
	 * @param wakeOnWrite Whether a local outbox write wakes this instance's relay as soon as it
	 * commits, instead of waiting for the next poll. Turn it off to trade latency for larger batches.
	 * @param instanceId This instance's name in the lease collection, unique among the running
	 * instances (the host name, say, so that operators see which instance holds which shard). By
	 * default a random id per start.
	 * @param idleCheckInterval Until the outbox is used, how often the relay checks whether it is (one
	 * query that reads at most one document). Meanwhile it creates no index, takes no lease and polls
	 * nothing. A write of this instance starts it at once; writes of other instances are noticed at
	 * the next check.
	 */
	public record Relay(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration pollInterval,
			@DefaultValue("500") int batchSize, @DefaultValue("30s") Duration leaseDuration,
			@DefaultValue("16") int shards, @DefaultValue("5") int maxAttempts,
			@DefaultValue("true") boolean wakeOnWrite, @Nullable String instanceId,
			@DefaultValue("1m") Duration idleCheckInterval) {

		public Relay {
			if (pollInterval.toMillis() <= 0) {
				throw new IllegalArgumentException("eventwire.outbox.relay.poll-interval must be positive (it is "
						+ pollInterval + "); to relay only when woken by writes, set a long interval such as 1h");
			}
			if (leaseDuration.compareTo(MIN_LEASE_DURATION) < 0) {
				throw new IllegalArgumentException("eventwire.outbox.relay.lease-duration must be at least "
						+ MIN_LEASE_DURATION + " (it is " + leaseDuration + "): it is renewed every sixth of it, "
						+ "so shorter leases expire under ordinary pauses; the default is 30s");
			}
			if (batchSize < 1) {
				throw new IllegalArgumentException(
						"eventwire.outbox.relay.batch-size must be at least 1 (it is " + batchSize + "); the default is 500");
			}
			if (shards < 1) {
				throw new IllegalArgumentException(
						"eventwire.outbox.relay.shards must be at least 1 (it is " + shards + "); the default is 16");
			}
			if (idleCheckInterval.toMillis() <= 0) {
				throw new IllegalArgumentException("eventwire.outbox.relay.idle-check-interval must be positive (it is "
						+ idleCheckInterval + "); the default is 1m");
			}
			if (maxAttempts < 1) {
				throw new IllegalArgumentException("eventwire.outbox.relay.max-attempts must be at least 1 (it is "
						+ maxAttempts + "); the default is 5");
			}
		}

	}

	/** The shortest lease duration accepted. */
	static final Duration MIN_LEASE_DURATION = Duration.ofSeconds(1);

}
