package io.eventwire.consume;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when an {@link io.eventwire.EventTranslator @EventTranslator} or one of its
 * {@link io.eventwire.OnEvent @OnEvent} methods is declared wrongly. The message names the class
 * and, where there is one, the method.
 */
public class InvalidEventHandlerException extends RuntimeException {

	private final String translatorClass;

	private final @Nullable String method;

	private final String problem;

	/**
	 * @param translatorClass the translator's class name
	 * @param method the method, described with its parameter types, or {@code null} when the
	 * problem is with the class
	 * @param problem what is wrong
	 */
	public InvalidEventHandlerException(String translatorClass, @Nullable String method, String problem) {
		super("Invalid event translator " + translatorClass + ((method != null) ? ", method " + method : "") + ": "
				+ problem);
		this.translatorClass = translatorClass;
		this.method = method;
		this.problem = problem;
	}

	/** @return the translator's class name */
	public String getTranslatorClass() {
		return this.translatorClass;
	}

	/** @return the method in question, or {@code null} when the problem is with the class */
	public @Nullable String getMethod() {
		return this.method;
	}

	/** @return what is wrong, without the class and method */
	public String getProblem() {
		return this.problem;
	}

}
