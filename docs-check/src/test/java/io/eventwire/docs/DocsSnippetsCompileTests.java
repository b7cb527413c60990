package io.eventwire.docs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java snippet of the README and the docs compiles as a reader copies it: with the imports it
 * gives (besides {@code java.util}), against the starter, eventwire-test and the test libraries a
 * Spring Boot service has. The reader's own types and beans come from {@code docs.context}.
 */
class DocsSnippetsCompileTests {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	static Stream<DocSnippet> snippets() throws IOException {
		List<String> files = new ArrayList<>(List.of("README.md"));
		try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md"))
				.sorted()
				.forEach((path) -> files.add(ROOT.relativize(path).toString()));
		}
		return files.stream().flatMap((file) -> DocSnippet.in(ROOT, file).stream());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("snippets")
	void compiles(DocSnippet snippet) {
		assertThat(compile(snippet)).as("%s:%n%s", snippet, snippet.code()).isEmpty();
	}

	@Test
	void theDocsHaveSnippetsToCheck() throws IOException {
		assertThat(snippets().map(DocSnippet::file)).hasSizeGreaterThanOrEqualTo(11)
			.contains("README.md", "docs/testing.md", "docs/outbox.md");
	}

	@Test
	void aSnippetThatDoesNotCompileIsReportedWithItsLine() {
		DocSnippet wrong = new DocSnippet("docs/example.md", 7, "import io.eventwire.EventPublisher;\n\n"
				+ "events.publish(\"orders\", 42);\n");
		assertThat(compile(wrong)).singleElement().asString().startsWith("docs/example.md:9: ").contains("publish");
	}

	private static List<String> compile(DocSnippet snippet) {
		String packageName = "snippets.s" + Integer.toHexString(snippet.toString().hashCode()).replace('-', 'm');
		String source = snippet.source(packageName);
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		Path output;
		try {
			output = Files.createDirectories(Path.of("target", "snippet-classes"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> options = List.of("--release", "17", "-proc:none", "-parameters", "-classpath", classPath, "-d",
				output.toString());
		compiler.getTask(null, null, diagnostics, options, null, List.of(new Source(source))).call();
		return diagnostics.getDiagnostics()
			.stream()
			.filter((diagnostic) -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
			.map((diagnostic) -> snippet.file() + ":" + (snippet.line() + diagnostic.getLineNumber() - 2) + ": "
					+ diagnostic.getMessage(Locale.ROOT))
			.toList();
	}

	private static final class Source extends SimpleJavaFileObject {

		private final String code;

		Source(String code) {
			super(URI.create("string:///Snippet.java"), Kind.SOURCE);
			this.code = code;
		}

		@Override
		public CharSequence getCharContent(boolean ignoreEncodingErrors) {
			return this.code;
		}

	}

}
