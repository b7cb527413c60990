package io.eventwire.autoconfigure.console;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.eventwire.autoconfigure.console.ConsoleProperties.PayloadDisplay;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * What the console shows of a payload, and of the texts that may quote it (exception messages,
 * stack traces, a replay's payload), under {@code eventwire.console.payloads}.
 */
final class PayloadMasking {

	static final String MASK = "***";

	// Shorter values (true, 12, "EU") are too common to mask inside free text without masking words.
	private static final int SHORTEST_QUOTED_VALUE = 4;

	private final PayloadDisplay display;

	PayloadMasking(PayloadDisplay display) {
		this.display = display;
	}

	PayloadDisplay display() {
		return this.display;
	}

	/**
	 * @return the payload to show: pretty JSON when it is JSON, masked or {@code null} as configured
	 */
	@Nullable String payload(@Nullable String payload) {
		if (payload == null || this.display == PayloadDisplay.NONE) {
			return null;
		}
		JsonNode tree = parse(payload);
		if (tree == null) {
			return (this.display == PayloadDisplay.FULL) ? payload : MASK;
		}
		return JsonMapper.shared().writerWithDefaultPrettyPrinter()
			.writeValueAsString((this.display == PayloadDisplay.FULL) ? tree : mask(tree));
	}

	/**
	 * @param text an exception message, a stack trace or a header value
	 * @param payload the payload it may quote
	 * @return the text, with the payload's values masked unless payloads are shown in full
	 */
	@Nullable String text(@Nullable String text, @Nullable String payload) {
		if (text == null || payload == null || this.display == PayloadDisplay.FULL) {
			return text;
		}
		String masked = text.replace(payload, MASK);
		JsonNode tree = parse(payload);
		if (tree != null) {
			for (String value : values(tree, new LinkedHashSet<>())) {
				masked = masked.replace(value, MASK);
			}
		}
		return masked;
	}

	/**
	 * @return the headers, with the payload's values masked in their values
	 */
	Map<String, String> headers(Map<String, String> headers, @Nullable String payload) {
		Map<String, String> shown = new java.util.LinkedHashMap<>();
		headers.forEach((name, value) -> shown.put(name, text(value, payload)));
		return shown;
	}

	private static @Nullable JsonNode parse(String payload) {
		try {
			return JsonMapper.shared().readTree(payload);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static JsonNode mask(JsonNode node) {
		if (node instanceof ObjectNode object) {
			ObjectNode masked = object.objectNode();
			object.properties().forEach((field) -> masked.set(field.getKey(), mask(field.getValue())));
			return masked;
		}
		if (node instanceof ArrayNode array) {
			ArrayNode masked = array.arrayNode();
			array.forEach((element) -> masked.add(mask(element)));
			return masked;
		}
		return node.isNull() ? node : StringNode.valueOf(MASK);
	}

	private static Set<String> values(JsonNode node, Set<String> into) {
		if (node.isContainer()) {
			node.forEach((child) -> values(child, into));
		}
		else if (!node.isNull()) {
			String value = node.asString();
			if (value.length() >= SHORTEST_QUOTED_VALUE) {
				into.add(value);
			}
		}
		return into;
	}

}
