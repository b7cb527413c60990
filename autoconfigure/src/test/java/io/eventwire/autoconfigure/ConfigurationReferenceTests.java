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
 * The configuration reference in docs/ lists exactly the properties of the generated metadata, and
 * the metadata tells an IDE what it needs: a description for every property, a default for every
 * property whose default is not computed at run time, and hints where values are class names.
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
					// An empty list or map is "(none)" in the reference, as a default computed at run time is.
					boolean stated = defaultValue != null
							&& !((defaultValue.isArray() || defaultValue.isObject()) && defaultValue.isEmpty());
					generated.put(name, stated ? defaultValue.asString() : null);
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

	@Test
	void everyPropertyHasADescriptionADefaultAndHintsForClassNames() throws Exception {
		JsonNode metadata;
		try (InputStream stream = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = new JsonMapper().readTree(stream);
		}
		Map<String, JsonNode> hints = new TreeMap<>();
		for (JsonNode hint : metadata.path("hints")) {
			hints.put(hint.get("name").asString(), hint);
		}
		// Computed at run time, and said so in the description.
		Map<String, String> computed = Map.of("eventwire.service-name", "spring.application.name",
				"eventwire.outbox.relay.instance-id", "random");
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			if (!name.startsWith("eventwire.")) {
				continue;
			}
			assertThat(property.path("description").asString()).as("description of %s", name).isNotBlank();
			if (computed.containsKey(name)) {
				assertThat(property.get("description").asString()).contains(computed.get(name));
			}
			else {
				assertThat(property.has("defaultValue")).as("default of %s", name).isTrue();
			}
			String type = property.path("type").asString();
			if (type.contains("java.lang.Class<")) {
				assertThat(hints).as("hints of %s", name).containsKey(name);
			}
		}
	}

}
