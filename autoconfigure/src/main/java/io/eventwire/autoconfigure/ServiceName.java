package io.eventwire.autoconfigure;

import java.util.regex.Pattern;

import org.springframework.core.env.Environment;

/**
 * Resolves the service name: {@code eventwire.service-name}, else {@code spring.application.name}.
 */
public final class ServiceName {

	// The name becomes part of the topic "retry-<service>", so it must be legal in a topic name.
	private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

	private ServiceName() {
	}

	/**
	 * @param properties eventwire's properties
	 * @param environment the environment, for {@code spring.application.name}
	 * @return the service name
	 * @throws MissingServiceNameException if neither property is set, or the name is not usable
	 */
	public static String resolve(EventwireProperties properties, Environment environment) {
		String name = properties.serviceName();
		String source = "eventwire.service-name";
		if (name == null || name.isBlank()) {
			name = environment.getProperty("spring.application.name");
			source = "spring.application.name";
		}
		if (name == null || name.isBlank()) {
			throw new MissingServiceNameException(
					"eventwire needs a service name: neither eventwire.service-name nor spring.application.name is set");
		}
		name = name.trim();
		if (!LEGAL.matcher(name).matches()) {
			throw new MissingServiceNameException("The service name '" + name + "' (from " + source
					+ ") is not usable by eventwire: it names the consumer group and the retry topic, so it may only "
					+ "contain up to 200 of a-z, A-Z, 0-9, '.', '_' and '-'");
		}
		return name;
	}

	/**
	 * @param serviceName the service name
	 * @return the service's retry topic, through which its dead letters are replayed
	 */
	public static String retryTopic(String serviceName) {
		return "retry-" + serviceName;
	}

	/**
	 * @param serviceName the service name
	 * @return the service's compacted pauses topic, which keeps whether each of its consumer groups
	 * is paused on every instance
	 */
	public static String pausesTopic(String serviceName) {
		return "pauses-" + serviceName;
	}

	/**
	 * @param serviceName the service name
	 * @return the service's compacted parking topic, which holds the keys parked behind its dead
	 * letters and their parked events
	 */
	public static String parkingTopic(String serviceName) {
		return "parked-" + serviceName;
	}

	/**
	 * @param serviceName the service's name
	 * @return its rewinds topic, which every instance follows to rewind consumer groups together
	 */
	public static String rewindsTopic(String serviceName) {
		return "rewinds-" + serviceName;
	}

}
