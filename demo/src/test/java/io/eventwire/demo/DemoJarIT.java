package io.eventwire.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's demo command, {@code java -jar demo/target/eventwire-demo.jar --exit}, run on the
 * packaged jar: it prints the report and a one-line summary, not the broker's and the services'
 * logs, and exits with 0.
 */
class DemoJarIT {

	@Test
	void theDemoPrintsItsReportAndASummaryInAtMostSixtyLines() throws Exception {
		Path jar = Path.of("target", "eventwire-demo.jar");
		Path output = Path.of("target", "demo-jar-it.out");
		Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				jar.toString(), "--exit")
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		assertThat(demo.waitFor(5, TimeUnit.MINUTES)).as("the demo ended").isTrue();
		List<String> lines = read(output);

		assertThat(demo.exitValue()).as("exit code; output:%n%s", String.join("\n", lines)).isZero();
		assertThat(lines).hasSizeLessThanOrEqualTo(60);
		assertThat(lines).contains("=== eventwire demo ===");
		assertThat(lines).anySatisfy((line) -> assertThat(line).contains("UnshippableOrderException"));
		assertThat(lines).filteredOn((line) -> line.matches("[0-9a-f-]{36}  \\w+\\s+[A-Z]{2}  DISPATCHED .*")).hasSize(3);
		assertThat(lines.get(lines.size() - 1)).startsWith("Demo passed: 3 of 3 orders dispatched");
		// The services logged to their own files, each under its own name.
		assertThat(Path.of("target", "demo-logs", "order-service.log")).content().contains("--- [order-service] ");
		assertThat(Path.of("target", "demo-logs", "shipping-service.log")).content()
			.contains("--- [shipping-service] ");
	}

	private static List<String> read(Path output) throws IOException {
		return Files.readAllLines(output, StandardCharsets.UTF_8);
	}

}
