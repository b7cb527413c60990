package io.eventwire.autoconfigure.console;

import java.util.List;
import java.util.function.Supplier;

import io.eventwire.consume.EventValidationException;
import io.eventwire.consume.HandledEvent;
import io.eventwire.consume.PayloadValidator;
import io.eventwire.dlq.DeadLetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a corrected payload before it is replayed: it must be JSON, and it must bind to the
 * payload parameter of each handler of the dead letter's group, topic and type (and pass the bean
 * validation of its fields), as the handler would bind it. A payload the handler would refuse is
 * refused here, rather than dead-lettered again.
 */
final class CorrectedPayloads {

	private final Supplier<List<HandledEvent>> handled;

	private final JsonMapper jsonMapper;

	private final @Nullable PayloadValidator validator;

	CorrectedPayloads(Supplier<List<HandledEvent>> handled, JsonMapper jsonMapper, @Nullable PayloadValidator validator) {
		this.handled = handled;
		this.jsonMapper = jsonMapper;
		this.validator = validator;
	}

	/**
	 * @throws IllegalArgumentException naming what is wrong, if the payload would be refused
	 */
	void check(DeadLetter letter, String payload) {
		JsonNode tree;
		try {
			tree = this.jsonMapper.readTree(payload);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("The corrected payload is not JSON: " + ex.getOriginalMessage(), ex);
		}
		for (HandledEvent event : this.handled.get()) {
			if (event.groupId().equals(letter.consumerGroup()) && event.topic().equals(letter.originalTopic())
					&& event.type().equals(letter.type())) {
				check(event, tree);
			}
		}
	}

	// Where in the payload binding failed, as a JSON path ($.lines[2].sku).
	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			path.append((reference.getPropertyName() != null) ? "." + reference.getPropertyName()
					: "[" + reference.getIndex() + "]");
		}
		return path.isEmpty() ? "" : " at $" + path;
	}

	private void check(HandledEvent event, JsonNode tree) {
		JavaType type = this.jsonMapper.constructType(event.payloadType());
		if (type.isTypeOrSubTypeOf(JsonNode.class) || type.hasRawClass(String.class) || type.hasRawClass(byte[].class)) {
			return;
		}
		try {
			Object bound = this.jsonMapper.treeToValue(tree, type);
			if (bound == null) {
				throw new IllegalArgumentException("The corrected payload is null");
			}
			if (this.validator != null) {
				this.validator.validate(bound, event.type());
			}
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("The corrected payload does not bind to the handler's "
					+ type.getRawClass().getSimpleName() + path(ex) + ": " + ex.getOriginalMessage(), ex);
		}
		catch (EventValidationException ex) {
			throw new IllegalArgumentException("The corrected payload is not valid for the handler: " + ex.getMessage(),
					ex);
		}
	}

}
