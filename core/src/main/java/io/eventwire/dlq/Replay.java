package io.eventwire.dlq;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a replay published to the service's retry topic, or for a dry run, would publish.
 *
 * @param deadLetter the dead letter replayed
 * @param topic the retry topic
 * @param key the key
 * @param headers the headers, in order (a new, stable event id: replaying the same dead letter
 * again would give the same one)
 * @param payload the value, as text
 * @param published {@code false} for a dry run
 */
public record Replay(DeadLetter deadLetter, String topic, @Nullable String key, Map<String, String> headers,
		@Nullable String payload, boolean published) {
}
