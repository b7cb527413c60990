package io.eventwire.contract;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Whether every payload a producer's schema allows satisfies what a consumer's schema requires,
 * by the rules that make JSON evolution workable: a field the consumer requires must always be
 * sent; a field's type must be one the consumer takes (an integer where a number is required is
 * fine, a string where an object is required is not); an enum must not be wider than the
 * consumer's, unless the consumer tolerates unknown values (its schema then has no enum). Fields
 * the consumer does not know are ignored. {@code $ref}s into each schema's {@code $defs} are
 * followed; {@code anyOf}, {@code oneOf} and {@code allOf} are not compared.
 */
final class SchemaCompatibility {

	private final JsonNode producerRoot;

	private final JsonNode consumerRoot;

	private final List<Incompatibility> found = new ArrayList<>();

	private final Set<String> compared = new HashSet<>();

	private SchemaCompatibility(JsonNode producerRoot, JsonNode consumerRoot) {
		this.producerRoot = producerRoot;
		this.consumerRoot = consumerRoot;
	}

	/**
	 * @param producer the schema of what is sent
	 * @param consumer the schema of what is required
	 * @return the incompatibilities, empty when the producer's payloads always satisfy the consumer
	 */
	static List<Incompatibility> check(JsonNode producer, JsonNode consumer) {
		SchemaCompatibility check = new SchemaCompatibility(producer, consumer);
		check.compare(producer, consumer, "$");
		return check.found;
	}

	private void compare(JsonNode producerSchema, JsonNode consumerSchema, String path) {
		// A recursive type refers to itself: compare each pair of definitions once.
		if ((producerSchema.has("$ref") || consumerSchema.has("$ref")) && !this.compared
			.add(producerSchema.path("$ref").asString("") + "|" + consumerSchema.path("$ref").asString(""))) {
			return;
		}
		JsonNode producer = resolve(producerSchema, this.producerRoot);
		JsonNode consumer = resolve(consumerSchema, this.consumerRoot);
		if (!compareTypes(producer, consumer, path)) {
			return;
		}
		compareEnums(producer, consumer, path);
		compareProperties(producer, consumer, path);
		if (producer.has("items") && consumer.has("items")) {
			compare(producer.get("items"), consumer.get("items"), path + "[*]");
		}
	}

	private boolean compareTypes(JsonNode producer, JsonNode consumer, String path) {
		Set<String> required = types(consumer);
		if (required.isEmpty()) {
			return true;
		}
		Set<String> sent = types(producer);
		if (sent.isEmpty()) {
			this.found.add(new Incompatibility(path, "type",
					"the producer's schema allows any value where the consumer requires " + describe(required)));
			return false;
		}
		for (String type : sent) {
			if (!required.contains(type) && !("integer".equals(type) && required.contains("number"))) {
				this.found.add(new Incompatibility(path, "type",
						"the producer sends " + type + " where the consumer requires " + describe(required)));
				return false;
			}
		}
		return true;
	}

	private void compareEnums(JsonNode producer, JsonNode consumer, String path) {
		Set<String> known = values(consumer);
		if (known == null) {
			return;
		}
		Set<String> sent = values(producer);
		if (sent == null) {
			this.found.add(new Incompatibility(path, "enum", "the producer may send any value; the consumer knows only "
					+ known + " (let it tolerate unknown values with @JsonEnumDefaultValue)"));
			return;
		}
		sent.removeAll(known);
		if (!sent.isEmpty()) {
			this.found.add(new Incompatibility(path, "enum", "the producer may send " + sent
					+ ", which the consumer does not know (it knows " + known + "; @JsonEnumDefaultValue tolerates them)"));
		}
	}

	private void compareProperties(JsonNode producer, JsonNode consumer, String path) {
		Set<String> sentAlways = strings(producer.path("required"));
		for (String name : strings(consumer.path("required"))) {
			if (!sentAlways.contains(name)) {
				this.found.add(new Incompatibility(path + "." + name, "required",
						producer.path("properties").has(name) ? "the consumer requires it; the producer may leave it out"
								: "the consumer requires it; the producer does not send it"));
			}
		}
		for (var property : consumer.path("properties").properties()) {
			JsonNode sent = producer.path("properties").get(property.getKey());
			if (sent != null) {
				compare(sent, property.getValue(), path + "." + property.getKey());
			}
		}
	}

	private static JsonNode resolve(JsonNode schema, JsonNode root) {
		JsonNode resolved = schema;
		// "#/$defs/Name" (or "#" for the root), as the generator writes them.
		for (int hops = 0; resolved.has("$ref") && hops < 32; hops++) {
			String ref = resolved.get("$ref").asString();
			resolved = "#".equals(ref) ? root : root.at(ref.substring(1));
		}
		return resolved;
	}

	private static Set<String> types(JsonNode schema) {
		JsonNode type = schema.path("type");
		Set<String> types = type.isArray() ? strings(type) : new LinkedHashSet<>();
		if (type.isString()) {
			types.add(type.asString());
		}
		return types;
	}

	private static Set<String> values(JsonNode schema) {
		if (schema.has("const")) {
			return new LinkedHashSet<>(List.of(schema.get("const").toString()));
		}
		if (!schema.has("enum")) {
			return null;
		}
		Set<String> values = new LinkedHashSet<>();
		schema.get("enum").forEach((value) -> values.add(value.toString()));
		return values;
	}

	private static Set<String> strings(JsonNode array) {
		Set<String> strings = new LinkedHashSet<>();
		array.forEach((value) -> strings.add(value.asString()));
		return strings;
	}

	private static String describe(Set<String> types) {
		return (types.size() == 1) ? types.iterator().next() : "one of " + types;
	}

	/**
	 * One way a producer's payload may not satisfy a consumer.
	 *
	 * @param path where, as a JSON path ({@code $.customer.name}, {@code $.items[*].sku})
	 * @param rule the rule broken: {@code required}, {@code type} or {@code enum}
	 * @param detail what is wrong
	 */
	record Incompatibility(String path, String rule, String detail) {

		@Override
		public String toString() {
			return this.path + ": " + this.rule + ": " + this.detail;
		}

	}

}
