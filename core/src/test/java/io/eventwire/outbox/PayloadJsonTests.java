package io.eventwire.outbox;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;

import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadJsonTests {

	private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

	private final PayloadJson payloadJson = new PayloadJson();

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	@Test
	void writesWhatBsonsWriterWritesForEverythingJsonParsesTo() {
		String json = "{\"text\": \"quote \\\" backslash \\\\ slash / tab \\t newline \\n nul \\u0000 del \\u007f\","
				+ " \"unicode\": \"Müller – Zürich 東京 😀 \\u200b \\u0301\", \"int\": 42, \"negative\": -7,"
				+ " \"long\": 9007199254740993, \"double\": 1.5, \"small\": 1e-7, \"large\": 1.0e20, \"whole\": 3.0,"
				+ " \"yes\": true, \"no\": false, \"nothing\": null, \"empty\": {}, \"none\": [],"
				+ " \"nested\": {\"list\": [1, \"two\", {\"three\": [3.25, null]}], \"\": \"empty name\"}}";
		Document payload = storedAndRead(json);

		byte[] written = this.payloadJson.write(payload);

		assertThat(written).isNotNull();
		assertThat(this.jsonMapper.readTree(written)).isEqualTo(this.jsonMapper.readTree(payload.toJson(RELAXED)));
		assertThat(this.jsonMapper.readTree(written)).isEqualTo(this.jsonMapper.readTree(json));
		// Numbers as the relay wrote them before: 3.0 stays a double, 1.0E20 as Double.toString has it.
		assertThat(new String(written, StandardCharsets.UTF_8)).contains("\"whole\":3.0")
			.contains("\"large\":1.0E20")
			.contains("\"long\":9007199254740993");
	}

	@Test
	void leavesOtherBsonTypesToBsonsWriter() {
		assertThat(this.payloadJson.write(new Document("at", new Date(0)))).isNull();
		assertThat(this.payloadJson.write(new Document("id", new ObjectId()))).isNull();
		assertThat(this.payloadJson.write(new Document("amount", new Decimal128(new BigDecimal("1.10"))))).isNull();
		assertThat(this.payloadJson.write(new Document("list", List.of(new Document("at", new Date(0)))))).isNull();
		assertThat(this.payloadJson.write(new Document("nan", Double.NaN))).isNull();
	}

	@Test
	void writesPayloadsThatAreNoDocument() {
		assertThat(this.payloadJson.write(List.of(1, "two"))).asString(StandardCharsets.UTF_8).isEqualTo("[1,\"two\"]");
		assertThat(this.payloadJson.write("text")).asString(StandardCharsets.UTF_8).isEqualTo("\"text\"");
	}

	// As earlier versions stored a payload (a document parsed from the JSON) and the driver decodes it for the relay.
	private static Document storedAndRead(String json) {
		BsonDocument stored = new BsonDocument("payload", BsonDocument.parse(json));
		Document read = new DocumentCodec().decode(new BsonDocumentReader(stored), DecoderContext.builder().build());
		return read.get("payload", Document.class);
	}

}
