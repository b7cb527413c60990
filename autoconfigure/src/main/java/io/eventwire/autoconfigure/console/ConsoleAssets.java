package io.eventwire.autoconfigure.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.util.MimeType;

/**
 * The page, its script and its style, read once from the starter's jar: plain files, no build
 * step and nothing fetched from elsewhere, so the page works where the service has no internet.
 */
final class ConsoleAssets {

	private static final String LOCATION = "/io/eventwire/console/";

	private final String page;

	private final Map<String, Asset> assets;

	/**
	 * @param rootPath the endpoint's path below the actuator base path, which the page's links start
	 * from
	 */
	ConsoleAssets(String rootPath) {
		this.page = read("index.html").replace("{{root}}", rootPath);
		this.assets = Map.of("console.js", new Asset(read("console.js"), MimeType.valueOf("text/javascript;charset=UTF-8")),
				"console.css", new Asset(read("console.css"), MimeType.valueOf("text/css;charset=UTF-8")));
	}

	String page() {
		return this.page;
	}

	@Nullable Asset asset(String name) {
		return this.assets.get(name);
	}

	private static String read(String name) {
		try (InputStream in = ConsoleAssets.class.getResourceAsStream(LOCATION + name)) {
			if (in == null) {
				throw new IllegalStateException("The console's " + name + " is missing from the jar");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A file of the page.
	 */
	record Asset(String content, MimeType type) {
	}

}
