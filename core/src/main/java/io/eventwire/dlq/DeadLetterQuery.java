package io.eventwire.dlq;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Which of the service's pending dead letters to list, and which page of them. A filter that is
 * {@code null} matches every dead letter.
 *
 * @param originalTopic only dead letters of events from this topic
 * @param type only dead letters of this event type
 * @param exceptionClass only dead letters whose first failure was this (simple) exception class
 * @param key only dead letters of this key
 * @param text only dead letters whose exception class or message contains this text (ignoring case)
 * @param page the page, from 0
 * @param size how many dead letters a page holds, 1 to {@value #MAX_SIZE}
 */
public record DeadLetterQuery(@Nullable String originalTopic, @Nullable String type, @Nullable String exceptionClass,
		@Nullable String key, @Nullable String text, int page, int size) {

	/** The page size when none is given. */
	public static final int DEFAULT_SIZE = 50;

	/** The largest page: a page's payloads are read from the dead-letter topic, one by one. */
	public static final int MAX_SIZE = 500;

	/**
	 * A query without a text filter.
	 * @param originalTopic only dead letters of events from this topic
	 * @param type only dead letters of this event type
	 * @param exceptionClass only dead letters whose first failure was this (simple) exception class
	 * @param key only dead letters of this key
	 * @param page the page, from 0
	 * @param size how many dead letters a page holds
	 */
	public DeadLetterQuery(@Nullable String originalTopic, @Nullable String type, @Nullable String exceptionClass,
			@Nullable String key, int page, int size) {
		this(originalTopic, type, exceptionClass, key, null, page, size);
	}

	public DeadLetterQuery {
		if (page < 0) {
			throw new IllegalArgumentException("page must not be negative, not " + page);
		}
		if (size < 1 || size > MAX_SIZE) {
			throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE + ", not " + size);
		}
	}

	/**
	 * @return the first page of every pending dead letter
	 */
	public static DeadLetterQuery all() {
		return new DeadLetterQuery(null, null, null, null, null, 0, DEFAULT_SIZE);
	}

	boolean matches(DeadLetter letter) {
		return matches(this.originalTopic, letter.originalTopic()) && matches(this.type, letter.type())
				&& matches(this.exceptionClass, letter.exceptionClass()) && matches(this.key, letter.key())
				&& containsText(letter);
	}

	private boolean containsText(DeadLetter letter) {
		if (this.text == null || this.text.isBlank()) {
			return true;
		}
		String wanted = this.text.toLowerCase(Locale.ROOT);
		return letter.exceptionClass().toLowerCase(Locale.ROOT).contains(wanted)
				|| letter.exceptionMessage().toLowerCase(Locale.ROOT).contains(wanted);
	}

	private static boolean matches(@Nullable String wanted, @Nullable String actual) {
		return wanted == null || wanted.equals(actual);
	}

}
