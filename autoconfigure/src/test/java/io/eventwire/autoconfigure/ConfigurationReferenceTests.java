package io.eventwire.autoconfigure;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration reference in docs/ lists exactly the properties of the generated metadata.
 */
class ConfigurationReferenceTests {

	@Test
	void documentedPropertiesMatchTheGeneratedMetadata() throws Exception {
		Map<String, String> generated = new TreeMap<>();
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			for (JsonNode property : new JsonMapper().readTree(metadata).get("properties")) {
				String name = property.get("name").asString();
				if (name.startsWith("eventwire.")) {
					JsonNode defaultValue = property.get("defaultValue");
					generated.put(name, (defaultValue != null) ? defaultValue.asString() : null);
				}
			}
		}
		String reference = Files.readString(Path.of("..", "docs", "configuration.md"));
		Map<String, String> documented = new TreeMap<>();
		Matcher matcher = Pattern.compile("^\\| `(eventwire\\.[a-z.-]+)` \\| ([^|]+) \\|", Pattern.MULTILINE)
			.matcher(reference);
		while (matcher.find()) {
			String defaultColumn = matcher.group(2).trim();
			documented.put(matcher.group(1),
					defaultColumn.matches("`[^`]+`") ? defaultColumn.substring(1, defaultColumn.length() - 1) : null);
		}
		assertThat(generated).isNotEmpty();
		assertThat(documented.keySet()).containsExactlyElementsOf(generated.keySet());
		// Where the metadata knows a default, the reference states the same one.
		generated.forEach((name, defaultValue) -> {
			if (defaultValue != null) {
				assertThat(documented.get(name)).as("default of %s", name).isEqualTo(defaultValue);
			}
		});
	}

}
