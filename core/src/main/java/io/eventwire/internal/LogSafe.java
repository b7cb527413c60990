package io.eventwire.internal;

import org.jspecify.annotations.Nullable;

/**
 * Makes values that came from outside (headers, keys) safe to put into a log line: control
 * characters (CR, LF, ANSI escapes, ...) are escaped and long values truncated, so that input can
 * neither forge log lines nor flood them.
 */
public final class LogSafe {

	/** The longest value, in characters, written to a log line before it is truncated. */
	public static final int MAX_LENGTH = 128;

	private LogSafe() {
	}

	/**
	 * @param value an untrusted value
	 * @return the value with control characters escaped as {@code \\uXXXX}, truncated to
	 * {@value #MAX_LENGTH} characters (with a note of the full length)
	 */
	public static String escape(@Nullable String value) {
		if (value == null) {
			return "null";
		}
		int limit = Math.min(value.length(), MAX_LENGTH);
		StringBuilder out = new StringBuilder(limit + 16);
		for (int i = 0; i < limit; i++) {
			char c = value.charAt(i);
			if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		if (value.length() > limit) {
			out.append("...(").append(value.length()).append(" chars)");
		}
		return out.toString();
	}

}
