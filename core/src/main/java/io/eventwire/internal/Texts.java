package io.eventwire.internal;

/**
 * Bounds text that eventwire writes to its records (exception messages, stack traces, reasons), so
 * that no failure makes a record larger than it can write.
 */
public final class Texts {

	private Texts() {
	}

	/**
	 * @param value a text
	 * @param max the most characters to keep, at least 3
	 * @return the text, or its first {@code max - 3} characters followed by {@code ...}
	 */
	public static String truncate(String value, int max) {
		return (value.length() <= max) ? value : value.substring(0, max - 3) + "...";
	}

}
