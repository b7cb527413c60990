package io.eventwire.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.Environment;

/**
 * Explains an {@code eventwire.*} property that could not be bound: which property, its value and
 * where that value came from (file and line, command line, environment variable), what is wrong
 * with it, and for durations, how one is written. Ahead of Boot's analyzer of bind failures, which
 * names neither the origin of a value a settings record refused nor the formats of a duration.
 */
class EventwirePropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	static final String DURATION_FORMATS = "A duration is a number with a unit, such as 500ms, 10s, 5m or 1h "
			+ "(ns, us, ms, s, m, h or d; a number alone means milliseconds), or ISO-8601, such as PT10S.";

	private static final Pattern PROPERTY = Pattern.compile("eventwire(\\.[a-z0-9-]+)+");

	private final Environment environment;

	EventwirePropertiesFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		if (!cause.getName().toString().startsWith("eventwire")) {
			return null;
		}
		ConversionFailedException conversion = findCause(cause, ConversionFailedException.class);
		ConfigurationProperty property = cause.getProperty();
		if (conversion != null && property != null) {
			return unreadable(property, conversion, cause);
		}
		return refused(cause);
	}

	private FailureAnalysis unreadable(ConfigurationProperty property, ConversionFailedException conversion,
			BindException cause) {
		Class<?> type = conversion.getTargetType().getType();
		String description = String.format("%s = \"%s\" (%s) is not %s.", property.getName(), property.getValue(),
				origin(property), describe(type));
		String action = (type == Duration.class) ? "Write " + property.getName() + " as a duration. " + DURATION_FORMATS
				: "Write " + property.getName() + " as " + describe(type) + ", or remove it to use its default.";
		return new FailureAnalysis(description, action, cause);
	}

	// A settings record refused the values: its message names the properties, the environment says
	// where each one came from.
	private FailureAnalysis refused(BindException cause) {
		Throwable reason = cause;
		while (reason.getCause() != null) {
			reason = reason.getCause();
		}
		String message = (reason.getMessage() != null) ? reason.getMessage() : reason.toString();
		StringBuilder description = new StringBuilder(message);
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = PROPERTY.matcher(message);
		while (matcher.find()) {
			names.add(matcher.group());
		}
		boolean durations = false;
		for (String name : names) {
			durations |= isDuration(cause, name);
			ConfigurationProperty property = find(name);
			description.append(String.format("%n    %s = %s", name,
					(property != null) ? "\"" + property.getValue() + "\" (" + origin(property) + ")" : "its default"));
		}
		String action = "Change " + (names.isEmpty() ? "the eventwire properties named above" : String.join(" and ", names))
				+ " where " + ((names.size() > 1) ? "they are" : "it is") + " set (see above); eventwire's docs/configuration.md "
				+ "gives each property's meaning and default." + (durations ? " " + DURATION_FORMATS : "");
		return new FailureAnalysis(description.toString(), action, cause);
	}

	// Whether the refusing record binds that property to a Duration.
	private static boolean isDuration(BindException cause, String name) {
		Class<?> target = cause.getTarget().getType().resolve();
		if (target == null || !target.isRecord()) {
			return false;
		}
		String component = Arrays.stream(name.substring(name.lastIndexOf('.') + 1).split("-"))
			.reduce((camel, word) -> camel + Character.toUpperCase(word.charAt(0)) + word.substring(1))
			.orElse("");
		return Arrays.stream(target.getRecordComponents())
			.anyMatch((each) -> each.getName().equals(component) && each.getType() == Duration.class);
	}

	private @Nullable ConfigurationProperty find(String name) {
		ConfigurationPropertyName key = ConfigurationPropertyName.of(name);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(key);
			if (property != null) {
				return property;
			}
		}
		return null;
	}

	private static String origin(ConfigurationProperty property) {
		return "origin: " + ((property.getOrigin() != null) ? property.getOrigin() : "unknown");
	}

	private static String describe(Class<?> type) {
		if (type == Duration.class) {
			return "a duration";
		}
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
			return "a whole number";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		return "a " + type.getSimpleName();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
