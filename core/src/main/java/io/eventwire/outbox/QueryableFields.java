package io.eventwire.outbox;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.types.Decimal128;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A resource's fields as BSON, for queries and for reading in a MongoDB shell: the stateful outbox
 * reads resources back from the JSON it stores beside them, so this copy only has to be close.
 * Unlike parsing the JSON as Extended JSON, it never fails: integers beyond 64 bits and decimals are
 * {@code Decimal128} (digits and scale kept: {@code 1.10} stays {@code 1.10}), a number not even that
 * holds is its text, and a key that starts with {@code $} or holds a dot ({@code $oid}, {@code a.b})
 * is left out at every level, because servers before MongoDB 5.0 refuse such keys in a replaced
 * document and queries cannot name them anyway: it is in the JSON.
 */
final class QueryableFields {

	private QueryableFields() {
	}

	/**
	 * @param fields the resource as a JSON object, its id removed
	 * @return its fields
	 */
	static Document of(JsonNode fields) {
		Document document = new Document();
		for (Map.Entry<String, JsonNode> field : fields.properties()) {
			if (storable(field.getKey())) {
				document.put(field.getKey(), value(field.getValue()));
			}
		}
		return document;
	}

	private static boolean storable(String key) {
		return !key.startsWith("$") && key.indexOf('.') < 0;
	}

	private static @Nullable Object value(JsonNode node) {
		if (node.isObject()) {
			return of(node);
		}
		if (node.isArray()) {
			List<Object> items = new ArrayList<>(node.size());
			for (JsonNode item : node) {
				items.add(value(item));
			}
			return items;
		}
		if (node.isString()) {
			return node.stringValue();
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isInt() || node.isShort()) {
			return node.intValue();
		}
		if (node.isLong()) {
			return node.longValue();
		}
		if (node.isBigInteger()) {
			BigInteger number = node.bigIntegerValue();
			return (number.bitLength() < 32) ? (Object) number.intValue()
					: (number.bitLength() < 64) ? (Object) number.longValue() : decimal(new BigDecimal(number));
		}
		if (node.isBigDecimal()) {
			return decimal(node.decimalValue());
		}
		if (node.isNumber()) {
			return node.doubleValue();
		}
		if (node.isBinary()) {
			return node.binaryValue();
		}
		return node.isNull() || node.isMissingNode() ? null : node.asString();
	}

	private static Object decimal(BigDecimal number) {
		try {
			return new Decimal128(number);
		}
		catch (NumberFormatException ex) {
			// More than 34 digits, or an exponent out of range: the text is still there to read.
			return number.toString();
		}
	}

}
