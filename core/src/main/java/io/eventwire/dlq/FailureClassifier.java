package io.eventwire.dlq;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import io.eventwire.DependencyUnavailableException;
import io.eventwire.NonRetryableEventException;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.ExceptionClassifier;

/**
 * Sorts failures into three kinds, looking at the exception and each of its causes:
 * <ul>
 * <li><em>non-retryable</em>: a {@link NonRetryableEventException} (payloads that do not bind, a
 * missing type, failed validation), one of spring-kafka's fatal exceptions, or one of the
 * configured classes. The event goes to the dead-letter topic at once.</li>
 * <li><em>transient</em>: what the handling depends on is not there (a database or broker
 * unreachable, a timeout, a "not primary" answer, a {@link DependencyUnavailableException}, or one
 * of the configured classes). The event waits and is tried again until it succeeds.</li>
 * <li>anything else is retried a bounded number of times, then dead-lettered.</li>
 * </ul>
 * Non-retryable wins over transient when a chain holds both.
 */
public final class FailureClassifier {

	/**
	 * Failures recognised as transient without configuration, by class name so that none of these
	 * libraries has to be on the class path; subclasses count too.
	 */
	static final Set<String> BUILT_IN_TRANSIENT = Set.of(DependencyUnavailableException.class.getName(),
			"org.springframework.dao.TransientDataAccessException",
			"org.springframework.dao.DataAccessResourceFailureException",
			"org.springframework.dao.RecoverableDataAccessException",
			// The MongoDB driver: sockets (open, read, write, read timeout), server selection and
			// operation timeouts, and a primary that stepped down or is recovering.
			"com.mongodb.MongoSocketException", "com.mongodb.MongoTimeoutException",
			"com.mongodb.MongoOperationTimeoutException", "com.mongodb.MongoExecutionTimeoutException",
			"com.mongodb.MongoNotPrimaryException", "com.mongodb.MongoNodeIsRecoveringException",
			"java.net.ConnectException", "java.net.SocketTimeoutException", "java.net.http.HttpTimeoutException",
			"org.apache.kafka.common.errors.RetriableException",
			// A downstream HTTP service that says it is unavailable (503) or that its own upstream timed out (504).
			"org.springframework.web.client.HttpServerErrorException$ServiceUnavailable",
			"org.springframework.web.client.HttpServerErrorException$GatewayTimeout",
			"org.springframework.web.reactive.function.client.WebClientResponseException$ServiceUnavailable",
			"org.springframework.web.reactive.function.client.WebClientResponseException$GatewayTimeout");

	private static final int MAX_CAUSES = 32;

	private final List<Class<? extends Throwable>> nonRetryable;

	private final List<Class<? extends Throwable>> transientFailures;

	/**
	 * @param nonRetryable further exception classes that are never retried
	 */
	public FailureClassifier(Collection<? extends Class<? extends Throwable>> nonRetryable) {
		this(nonRetryable, List.of());
	}

	/**
	 * @param nonRetryable further exception classes that are never retried
	 * @param transientFailures further exception classes that mean a dependency is unavailable
	 */
	public FailureClassifier(Collection<? extends Class<? extends Throwable>> nonRetryable,
			Collection<? extends Class<? extends Throwable>> transientFailures) {
		List<Class<? extends Throwable>> all = new ArrayList<>();
		all.add(NonRetryableEventException.class);
		all.addAll(ExceptionClassifier.defaultFatalExceptionsList());
		all.addAll(nonRetryable);
		this.nonRetryable = Collections.unmodifiableList(all);
		this.transientFailures = List.copyOf(transientFailures);
	}

	/**
	 * @return every exception class that is never retried
	 */
	public List<Class<? extends Throwable>> nonRetryableExceptions() {
		return this.nonRetryable;
	}

	/**
	 * @param failure what a handler threw (possibly wrapped by the listener container)
	 * @return whether another attempt could succeed
	 */
	public boolean isRetryable(@Nullable Throwable failure) {
		return isRetryable(causes(failure));
	}

	/**
	 * @param failure what a handler threw (possibly wrapped by the listener container)
	 * @return whether it says that something the handling depends on is unavailable, and the event
	 * should wait instead of being dead-lettered
	 */
	public boolean isTransient(@Nullable Throwable failure) {
		List<Throwable> causes = causes(failure);
		if (!isRetryable(causes)) {
			return false;
		}
		for (Throwable cause : causes) {
			if (isBuiltInTransient(cause.getClass())) {
				return true;
			}
			for (Class<? extends Throwable> type : this.transientFailures) {
				if (type.isInstance(cause)) {
					return true;
				}
			}
		}
		return false;
	}

	private boolean isRetryable(List<Throwable> causes) {
		for (Throwable cause : causes) {
			for (Class<? extends Throwable> type : this.nonRetryable) {
				if (type.isInstance(cause)) {
					return false;
				}
			}
		}
		return true;
	}

	private static boolean isBuiltInTransient(Class<?> type) {
		for (Class<?> current = type; current != null; current = current.getSuperclass()) {
			if (BUILT_IN_TRANSIENT.contains(current.getName())) {
				return true;
			}
		}
		return false;
	}

	// The exception and its causes, bounded: a cause chain can be a cycle.
	private static List<Throwable> causes(@Nullable Throwable failure) {
		List<Throwable> causes = new ArrayList<>();
		for (Throwable cause = failure; cause != null && causes.size() < MAX_CAUSES
				&& !causes.contains(cause); cause = cause.getCause()) {
			causes.add(cause);
		}
		return causes;
	}

}
