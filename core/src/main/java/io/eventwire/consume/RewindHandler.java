package io.eventwire.consume;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import io.eventwire.OnRewind;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * One {@link OnRewind @OnRewind} method of a translator.
 */
final class RewindHandler {

	private final Object bean;

	private final Method method;

	private final String description;

	RewindHandler(Object bean, Method method, String description) {
		this.bean = bean;
		this.method = method;
		this.description = description;
		ReflectionUtils.makeAccessible(method);
	}

	static List<Method> methods(Class<?> translator) {
		return Arrays.stream(ReflectionUtils.getUniqueDeclaredMethods(translator, ReflectionUtils.USER_DECLARED_METHODS))
			.filter((method) -> AnnotatedElementUtils.hasAnnotation(method, OnRewind.class))
			.toList();
	}

	void run() {
		try {
			this.method.invoke(this.bean);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getTargetException();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new EventHandlingException("@OnRewind method " + this.description + " failed", cause);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot invoke " + this.description, ex);
		}
	}

}
