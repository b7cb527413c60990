package io.eventwire.internal;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Checks for the UUID strings of the wire format, without exceptions on the hot path.
 */
public final class Uuids {

	private static final int LENGTH = 36;

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
		for (int i = 0; i < LENGTH; i++) {
			char c = value.charAt(i);
			if (i == 8 || i == 13 || i == 18 || i == 23) {
				if (c != '-') {
					return false;
				}
			}
			else if (Character.digit(c, 16) < 0) {
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
	 * @return a new random (version 4) UUID string
	 */
	public static String random() {
		return UUID.randomUUID().toString();
	}

}
