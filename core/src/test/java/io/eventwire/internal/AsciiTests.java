package io.eventwire.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ASCII on the wire: the escapes are the ones Python's {@code json.dumps} writes, and every JSON
 * reader gets the same text back; what is not UTF-8 JSON is left as it is.
 */
class AsciiTests {

	static final String TEXT = "Müller – Zürich 東京 😀";

	// What Python's json.dumps({"name": TEXT}, separators=(",", ":")) writes (ensure_ascii is its default).
	static final String PYTHON = "{\"name\":\"M\\u00fcller \\u2013 Z\\u00fcrich \\u6771\\u4eac \\ud83d\\ude00\"}";

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	@Test
	void jsonIsEscapedAsPythonEscapesItAndReadsBackUnchanged() {
		byte[] utf8 = this.jsonMapper.writeValueAsBytes(Map.of("name", TEXT));

		byte[] ascii = Ascii.json(utf8);

		assertThat(Ascii.isAscii(ascii)).isTrue();
		assertThat(new String(ascii, StandardCharsets.US_ASCII)).isEqualTo(PYTHON);
		assertThat(this.jsonMapper.readTree(ascii).get("name").asString()).isEqualTo(TEXT);
	}

	@Test
	void asciiJsonIsTheSameArray() {
		byte[] ascii = "{\"name\":\"Mueller\"}".getBytes(StandardCharsets.US_ASCII);
		assertThat(Ascii.json(ascii)).isSameAs(ascii);
		assertThat(Ascii.jsonIfValid(ascii)).isSameAs(ascii);
	}

	@Test
	void aValueOfUnknownOriginIsEscapedOnlyWhereItIsUtf8Json() {
		byte[] json = ("{\"name\":\"" + TEXT + "\"}").getBytes(StandardCharsets.UTF_8);
		byte[] notJson = ("Müller, not JSON").getBytes(StandardCharsets.UTF_8);
		byte[] latin1 = "{\"name\":\"Müller\"}".getBytes(StandardCharsets.ISO_8859_1);

		assertThat(new String(Ascii.jsonIfValid(json), StandardCharsets.US_ASCII)).isEqualTo(PYTHON);
		assertThat(Ascii.jsonIfValid(notJson)).isSameAs(notJson);
		assertThat(Ascii.jsonIfValid(latin1)).isSameAs(latin1);
		assertThat(Ascii.jsonIfValid(null)).isNull();
	}

	@Test
	void headerTextIsEscapedAndBinaryHeadersKept() {
		Headers headers = new RecordHeaders();
		headers.add("exc_msg", ("Kein Lager in " + TEXT).getBytes(StandardCharsets.UTF_8));
		headers.add("type", "order_placed".getBytes(StandardCharsets.US_ASCII));
		headers.add("binary", new byte[] { (byte) 0xff, 0x00, (byte) 0xfe });

		Headers ascii = Ascii.headers(headers);

		assertThat(new String(ascii.lastHeader("exc_msg").value(), StandardCharsets.US_ASCII))
			.isEqualTo("Kein Lager in M\\u00fcller \\u2013 Z\\u00fcrich \\u6771\\u4eac \\ud83d\\ude00");
		assertThat(ascii.lastHeader("type").value()).isEqualTo(headers.lastHeader("type").value());
		assertThat(ascii.lastHeader("binary").value()).isEqualTo(new byte[] { (byte) 0xff, 0x00, (byte) 0xfe });
		assertThat(Ascii.isAscii(Ascii.text(TEXT))).isTrue();
		assertThat(Ascii.isAscii(TEXT.getBytes(StandardCharsets.UTF_8))).isFalse();
	}

	@Test
	void aLoneSurrogateIsEscapedNotReplaced() {
		assertThat(new String(Ascii.text("a\uD800b"), StandardCharsets.US_ASCII)).isEqualTo("a\\ud800b");
		assertThat(new String(Ascii.text("\uDE00"), StandardCharsets.US_ASCII)).isEqualTo("\\ude00");
	}

	@Test
	void findsANonAsciiByteWhereverItIs() {
		for (int length = 0; length <= 20; length++) {
			byte[] bytes = new byte[length];
			java.util.Arrays.fill(bytes, (byte) 'a');
			assertThat(Ascii.isAscii(bytes)).isTrue();
			for (int at = 0; at < length; at++) {
				byte[] one = bytes.clone();
				one[at] = (byte) 0x80;
				assertThat(Ascii.isAscii(one)).as("length %d, at %d", length, at).isFalse();
				one[at] = (byte) 0xFF;
				assertThat(Ascii.isAscii(one)).as("length %d, at %d", length, at).isFalse();
			}
		}
	}

}
