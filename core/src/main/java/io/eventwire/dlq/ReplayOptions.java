package io.eventwire.dlq;

import org.jspecify.annotations.Nullable;

/**
 * How to replay a dead letter.
 *
 * @param dryRun only say what would be published, and publish nothing
 * @param payload a corrected payload, as JSON, to publish instead of the dead letter's; the
 * replayed event then carries the header {@value #PAYLOAD_CORRECTED_HEADER}
 */
public record ReplayOptions(boolean dryRun, @Nullable String payload) {

	/** Header of a replayed event whose payload was corrected; its value is the dead letter's event id. */
	public static final String PAYLOAD_CORRECTED_HEADER = "eventwire_payload_corrected";

	/**
	 * @return replay the dead letter as it is
	 */
	public static ReplayOptions asIs() {
		return new ReplayOptions(false, null);
	}

	/**
	 * @return say what would be published, publish nothing
	 */
	public static ReplayOptions dryRunOnly() {
		return new ReplayOptions(true, null);
	}

	/**
	 * @param json the payload to publish instead of the dead letter's
	 * @return replay with that payload
	 */
	public static ReplayOptions withPayload(String json) {
		return new ReplayOptions(false, json);
	}

}
