package io.eventwire.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code ```java} block of a Markdown file, and the compilation unit it becomes: whole classes as
 * they are; members inside a class, statements inside a method of one, that class extending
 * {@code SnippetContext} for the reader's own beans and values. A line {@code ...} and a body
 * {@code { ... }} stand for code left out.
 *
 * @param file the Markdown file, relative to the repository
 * @param line the line of the block's first code line
 * @param code the block's code, unindented
 */
record DocSnippet(String file, int line, String code) {

	private static final Pattern FENCE = Pattern.compile("^(\\s*)```java\\s*$");

	private static final Pattern TYPE = Pattern
		.compile("^(\\s*@[^\\n]*\\n)*\\s*((public|final|abstract|sealed)\\s+)*(class|record|interface|enum)\\s");

	private static final Pattern MEMBER = Pattern.compile("^[\\w<>\\[\\]?,. ]+\\s+\\w+\\s*\\(.*[{)]\\s*(//.*)?$");

	/** What every unit imports besides the snippet's own imports: the reader's types, java.util. */
	private static final String CONTEXT_IMPORTS = "import io.eventwire.docs.context.*; import java.util.*;";

	static List<DocSnippet> in(Path root, String file) {
		List<String> lines;
		try {
			lines = Files.readAllLines(root.resolve(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<DocSnippet> snippets = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			Matcher fence = FENCE.matcher(lines.get(i));
			if (!fence.matches()) {
				continue;
			}
			String indent = fence.group(1);
			StringBuilder code = new StringBuilder();
			int start = i + 2;
			for (i++; i < lines.size() && !lines.get(i).equals(indent + "```"); i++) {
				String line = lines.get(i);
				code.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip()).append('\n');
			}
			snippets.add(new DocSnippet(file, start, code.toString()));
		}
		return snippets;
	}

	/**
	 * @param packageName the package of this snippet's unit
	 * @return the compilation unit: its line n + 1 is the snippet's line n, so that the compiler's
	 * line numbers lead back to the Markdown file
	 */
	String source(String packageName) {
		List<String> lines = new ArrayList<>(List.of(leftOutCodeAsComments().split("\n", -1)));
		int first = 0;
		while (first < lines.size() && (lines.get(first).startsWith("import ") || lines.get(first).isBlank())) {
			first++;
		}
		String body = String.join("\n", lines.subList(first, lines.size()));
		String opening = switch (kind(body)) {
			case TYPES -> "";
			case MEMBERS -> "class Snippet extends SnippetContext { ";
			case STATEMENTS -> "class Snippet extends SnippetContext { void snippet() throws Exception { ";
		};
		if (first < lines.size()) {
			lines.set(first, opening + lines.get(first));
		}
		String closing = opening.isEmpty() ? "" : "}".repeat((int) opening.chars().filter((c) -> c == '{').count());
		return "package " + packageName + "; " + CONTEXT_IMPORTS + "\n" + String.join("\n", lines) + "\n" + closing
				+ "\n";
	}

	private String leftOutCodeAsComments() {
		return this.code.replaceAll("(?m)^(\\s*)\\.\\.\\.", "$1// ...").replace("{ ... }", "{ }");
	}

	private static Kind kind(String body) {
		if (TYPE.matcher(body).find()) {
			return Kind.TYPES;
		}
		for (String line : body.split("\n")) {
			if (!line.isBlank() && !line.strip().startsWith("@") && !line.strip().startsWith("//")) {
				return MEMBER.matcher(line.strip()).matches() ? Kind.MEMBERS : Kind.STATEMENTS;
			}
		}
		return Kind.STATEMENTS;
	}

	@Override
	public String toString() {
		return this.file + ":" + this.line;
	}

	private enum Kind {

		TYPES, MEMBERS, STATEMENTS

	}

}
