package io.eventwire.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Checks for the UUID strings of the wire format, without exceptions on the hot path.
 */
public final class Uuids {

	private static final int LENGTH = 36;

	private static final boolean[] HEX = new boolean['f' + 1];

	static {
		for (char c = '0'; c <= '9'; c++) {
			HEX[c] = true;
		}
		for (char c = 'a'; c <= 'f'; c++) {
			HEX[c] = true;
			HEX[Character.toUpperCase(c)] = true;
		}
	}

	private Uuids() {
	}

	/**
	 * @param value a string from the outside
	 * @return whether it is a UUID in canonical 8-4-4-4-12 hex form (any version)
	 */
	public static boolean isUuid(@Nullable String value) {
		if (value == null || value.length() != LENGTH) {
			return false;
		}
		// Every consumed event's ids are checked: dashes first, then runs of hex digits, each a
		// table lookup (no per-position branch for the dashes).
		return value.charAt(8) == '-' && value.charAt(13) == '-' && value.charAt(18) == '-'
				&& value.charAt(23) == '-' && isHex(value, 0, 8) && isHex(value, 9, 13) && isHex(value, 14, 18)
				&& isHex(value, 19, 23) && isHex(value, 24, LENGTH);
	}

	// ASCII hex digits only: Character.digit also takes other scripts' digits.
	private static boolean isHex(String value, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = value.charAt(i);
			if (c >= HEX.length || !HEX[c]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * @param value a string from the outside
	 * @return whether it is a canonical UUID of version 4 with the RFC 4122 variant
	 */
	public static boolean isUuidV4(@Nullable String value) {
		if (!isUuid(value)) {
			return false;
		}
		char variant = Character.toLowerCase(value.charAt(19));
		return value.charAt(14) == '4' && (variant == '8' || variant == '9' || variant == 'a' || variant == 'b');
	}

	/**
	 * @param name anything
	 * @return a UUID string derived from the name (SHA-256), the same for the same name, shaped as
	 * version 4 so that every reader of the wire format's ids takes it
	 */
	public static String fromName(String name) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
			hash[6] = (byte) ((hash[6] & 0x0f) | 0x40);
			hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
			ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
			return new UUID(bytes.getLong(), bytes.getLong()).toString();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/**
	 * @return a new random (version 4) UUID string
	 */
	public static String random() {
		return UUID.randomUUID().toString();
	}

}
