package io.eventwire.dlq;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import io.eventwire.NonRetryableEventException;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.ExceptionClassifier;

/**
 * Decides whether a failure is worth retrying. It is not when the exception, or any of its causes,
 * is a {@link NonRetryableEventException} (payloads that do not bind, a missing type, failed
 * validation), one of spring-kafka's fatal exceptions, or one of the configured classes.
 */
public final class FailureClassifier {

	private final List<Class<? extends Throwable>> nonRetryable;

	/**
	 * @param nonRetryable further exception classes that are never retried
	 */
	public FailureClassifier(Collection<? extends Class<? extends Throwable>> nonRetryable) {
		List<Class<? extends Throwable>> all = new ArrayList<>();
		all.add(NonRetryableEventException.class);
		all.addAll(ExceptionClassifier.defaultFatalExceptionsList());
		all.addAll(nonRetryable);
		this.nonRetryable = Collections.unmodifiableList(all);
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
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			for (Class<? extends Throwable> type : this.nonRetryable) {
				if (type.isInstance(cause)) {
					return false;
				}
			}
		}
		return true;
	}

}
