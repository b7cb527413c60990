package io.eventwire.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * ASCII on the wire, as hexkit reads it: its consumers decode keys, values and header values with
 * {@code bytes.decode("ascii")}, and fail on any byte of 0x80 or more before a translator runs.
 * Every character outside ASCII is written as a JSON escape, {@code \\uXXXX} (a character outside
 * the Basic Multilingual Plane as its surrogate pair, {@code \\uD83D\\uDE00}), which every JSON
 * reader turns back into the same text.
 */
public final class Ascii {

	private Ascii() {
	}

	/**
	 * @param json UTF-8 JSON
	 * @return the same JSON in ASCII bytes: the given array when it is ASCII already. Outside
	 * strings JSON is ASCII anyway, so escaping every other character keeps its meaning.
	 */
	public static byte[] json(byte[] json) {
		return isAscii(json) ? json : text(new String(json, StandardCharsets.UTF_8));
	}

	/**
	 * @param value a record value of unknown origin (a dead letter's, a replayed event's)
	 * @return the value in ASCII where it is UTF-8 JSON; otherwise (not JSON, not UTF-8: a poison
	 * event) the given bytes, since escaping would change them
	 */
	public static byte @Nullable [] jsonIfValid(byte @Nullable [] value) {
		if (value == null || isAscii(value)) {
			return value;
		}
		String text = utf8(value);
		if (text == null) {
			return value;
		}
		try {
			JsonMapper.shared().readTree(text);
			return text(text);
		}
		catch (JacksonException ex) {
			return value;
		}
	}

	/**
	 * @param value a header value of unknown origin
	 * @return the same text in ASCII bytes where the value is UTF-8; otherwise (binary) the given bytes
	 */
	public static byte @Nullable [] textIfUtf8(byte @Nullable [] value) {
		if (value == null || isAscii(value)) {
			return value;
		}
		String text = utf8(value);
		return (text != null) ? text(text) : value;
	}

	/**
	 * @param headers headers of unknown origin
	 * @return the same headers, each UTF-8 text value in ASCII ({@link #textIfUtf8})
	 */
	public static Headers headers(Iterable<Header> headers) {
		RecordHeaders ascii = new RecordHeaders();
		for (Header header : headers) {
			ascii.add(header.key(), textIfUtf8(header.value()));
		}
		return ascii;
	}

	/**
	 * @param text any text
	 * @return the text in ASCII bytes, each other character as {@code \\uXXXX}
	 */
	public static byte[] text(String text) {
		// Checked character by character, not encoded first: an encoder writes a lone surrogate as
		// '?', which is ASCII, and the character would be lost instead of escaped.
		return escape(text).getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * @param text any text
	 * @return the text with each character outside ASCII as {@code \\uXXXX}
	 */
	public static String escape(String text) {
		int first = firstNonAscii(text);
		if (first < 0) {
			return text;
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
		for (int i = first; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				escaped.append(c);
			}
			else {
				escaped.append("\\u").append(Character.forDigit((c >> 12) & 0xF, 16))
					.append(Character.forDigit((c >> 8) & 0xF, 16))
					.append(Character.forDigit((c >> 4) & 0xF, 16))
					.append(Character.forDigit(c & 0xF, 16));
			}
		}
		return escaped.toString();
	}

	/**
	 * @param text any text
	 * @return whether every character is ASCII
	 */
	public static boolean isAscii(String text) {
		return firstNonAscii(text) < 0;
	}

	/**
	 * @param bytes any bytes
	 * @return whether every byte is below 0x80
	 */
	public static boolean isAscii(byte[] bytes) {
		// Eight bytes at a time: every payload published or relayed is checked.
		int i = 0;
		for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
			if (((long) LONGS.get(bytes, i) & HIGH_BITS) != 0) {
				return false;
			}
		}
		for (; i < bytes.length; i++) {
			if (bytes[i] < 0) {
				return false;
			}
		}
		return true;
	}

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long HIGH_BITS = 0x8080808080808080L;

	private static int firstNonAscii(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) >= 0x80) {
				return i;
			}
		}
		return -1;
	}

	private static @Nullable String utf8(byte[] bytes) {
		try {
			CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes));
			return chars.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
