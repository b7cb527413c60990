package io.eventwire.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * An independent Kafka client (librdkafka, through Debian's {@code python3-confluent-kafka}) that
 * reads and writes records by hexkit 8.6's rules ({@code hexkit_rules.py} quotes them): ASCII
 * keys, values and header values, JSON values. Where it is missing, the tests that need it are
 * skipped on a developer's machine and fail in CI ({@code .ci/run} installs it).
 */
final class HexkitClient {

	private static final String PYTHON = "/usr/bin/python3";

	private final String brokers;

	private final JsonMapper json = JsonMapper.builder().build();

	HexkitClient(String brokers) {
		this.brokers = brokers;
	}

	static void requireInstalled() {
		boolean installed;
		try {
			installed = new ProcessBuilder(PYTHON, "-c", "import confluent_kafka").redirectErrorStream(true)
				.start()
				.waitFor() == 0;
		}
		catch (IOException | InterruptedException ex) {
			installed = false;
		}
		if (!installed && System.getenv("CI") != null) {
			fail("python3-confluent-kafka is not installed, and CI must run the conformance suite: .ci/run installs it");
		}
		assumeThat(installed).as("%s with confluent_kafka (apt-get install python3-confluent-kafka)", PYTHON).isTrue();
	}

	/**
	 * @param topic a topic
	 * @return every record of it, from the beginning to the end offsets of the moment, as hexkit's
	 * consumer decodes it: {@code key}, {@code value}, {@code headers}, or {@code error} where its
	 * decoding fails
	 */
	List<JsonNode> consume(String topic) {
		String out = run(null, "consume", topic);
		List<JsonNode> records = new ArrayList<>();
		out.lines().filter((line) -> line.startsWith("{")).forEach((line) -> records.add(this.json.readTree(line)));
		return records;
	}

	/**
	 * Publish as hexkit's publisher does.
	 * @param topic the topic
	 * @param records each with {@code key}, {@code payload} and {@code headers} (a list of
	 * name-value pairs, in order)
	 */
	void produce(String topic, List<Map<String, Object>> records) {
		StringBuilder input = new StringBuilder();
		// ASCII on the way in too: Python reads its standard input in the locale's encoding.
		records.forEach((record) -> input
			.append(this.json.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(record))
			.append('\n'));
		run(input.toString(), "produce", topic);
	}

	private String run(String input, String mode, String topic) {
		try {
			Path output = Files.createTempFile("hexkit-rules", ".out");
			Process process = new ProcessBuilder(PYTHON, script().toString(), mode, this.brokers, topic)
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (input != null) {
				process.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
			}
			process.getOutputStream().close();
			assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("hexkit_rules.py %s %s finished", mode, topic).isTrue();
			String out = Files.readString(output, StandardCharsets.US_ASCII);
			assertThat(process.exitValue()).as("hexkit_rules.py %s %s exit code; output:%n%s", mode, topic, out).isZero();
			return out;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Path script() {
		try {
			return Path.of(HexkitClient.class.getResource("/hexkit_rules.py").toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
