package io.eventwire.dlq;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One pending dead letter with everything its record carries: what an operator reads before
 * deciding to replay, correct or discard it.
 *
 * @param deadLetter the dead letter, with its payload
 * @param headers the record's headers, in order, as UTF-8 text (a header written twice: its last
 * value)
 */
public record DeadLetterDetails(DeadLetter deadLetter, Map<String, String> headers) {

	/**
	 * @return the stack trace of the first failure as written (truncated to
	 * {@value DeadLetterHeaders#MAX_STACKTRACE_LENGTH} characters), or {@code null} when the dead
	 * letter has none (hexkit writes none)
	 */
	public @Nullable String stackTrace() {
		return this.headers.get(DeadLetterHeaders.EXCEPTION_STACKTRACE);
	}

}
