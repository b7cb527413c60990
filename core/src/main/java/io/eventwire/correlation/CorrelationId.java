package io.eventwire.correlation;

import java.util.Optional;
import java.util.concurrent.Callable;

import io.eventwire.internal.Uuids;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.util.Assert;

/**
 * The correlation id of the work the current thread does: one UUID v4 that follows a request from
 * HTTP through the database, the outbox, Kafka and the next service.
 * <p>
 * While an id is current it is also in the logging MDC, under {@value #DEFAULT_MDC_KEY} unless
 * {@link #useMdcKey(String) configured} otherwise. Open a scope to
 * make an id current; closing it restores the previous id exactly, nested scopes included:
 * <pre class="code">
 * try (CorrelationId.Scope scope = CorrelationId.open(id)) {
 *     ...
 * }
 * </pre>
 */
public final class CorrelationId {

	/** The MDC key under which the current correlation id is logged by default. */
	public static final String DEFAULT_MDC_KEY = "correlationId";

	// A thread-local, like the MDC it mirrors: the id belongs to the work on this thread.
	private static final ThreadLocal<@Nullable String> CURRENT = new ThreadLocal<>();

	// Process-wide, like the MDC and the logging configuration that reads it.
	private static volatile String mdcKey = DEFAULT_MDC_KEY;

	private CorrelationId() {
	}

	/**
	 * @return the current correlation id, if any
	 */
	public static Optional<String> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	/**
	 * @return a new correlation id (a random UUID v4 string)
	 */
	public static String generate() {
		return Uuids.random();
	}

	/**
	 * @param value a candidate correlation id
	 * @return whether it is a valid correlation id (a canonical UUID v4 string)
	 */
	public static boolean isValid(@Nullable String value) {
		return Uuids.isUuidV4(value);
	}

	/**
	 * @return the MDC key under which the current correlation id is logged
	 */
	public static String mdcKey() {
		return mdcKey;
	}

	/**
	 * Log the current correlation id under another MDC key, for example the one an existing log
	 * pipeline expects. The key is process-wide, like the logging configuration; set it at startup
	 * (the auto-configuration does, from {@code eventwire.correlation.mdc-key}).
	 * @param key the MDC key
	 */
	public static void useMdcKey(String key) {
		Assert.hasText(key, "key must not be blank");
		mdcKey = key;
	}

	/**
	 * Make the id current until the returned scope is closed.
	 * @param correlationId a valid correlation id
	 * @return the scope; closing it restores the previous id
	 * @throws IllegalArgumentException if the id is not a UUID v4 string
	 */
	public static Scope open(String correlationId) {
		Assert.isTrue(isValid(correlationId), "correlationId must be a UUID v4 string");
		String previous = CURRENT.get();
		set(correlationId);
		return (previous != null) ? new Scope(previous) : Scope.NO_PREVIOUS;
	}

	/**
	 * Run code with the id current, restoring the previous one afterwards, also when it throws.
	 * @param correlationId a valid correlation id
	 * @param work the code to run
	 * @param <T> the result type
	 * @return what the code returned
	 * @throws Exception what the code threw
	 */
	public static <T> T call(String correlationId, Callable<T> work) throws Exception {
		try (Scope scope = open(correlationId)) {
			return work.call();
		}
	}

	// For context propagation (CorrelationIdThreadLocalAccessor), which restores values itself.
	static void set(@Nullable String correlationId) {
		// Set to null rather than removed: a removed entry would be allocated again for the next
		// event on this thread, and the thread-local holds no value that could leak.
		CURRENT.set(correlationId);
		if (correlationId == null) {
			MDC.remove(mdcKey);
		}
		else {
			MDC.put(mdcKey, correlationId);
		}
	}

	/**
	 * A correlation id made current by {@link #open(String)}; {@link #close()} restores the
	 * previous one.
	 */
	public static final class Scope implements AutoCloseable {

		// Most scopes open on a thread with no id; they share one instance.
		private static final Scope NO_PREVIOUS = new Scope(null);

		private final @Nullable String previous;

		private Scope(@Nullable String previous) {
			this.previous = previous;
		}

		@Override
		public void close() {
			set(this.previous);
		}

	}

}
