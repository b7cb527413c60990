package io.eventwire.consume;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Rules for how {@link OnEvent} methods are declared, checked at startup so that a mistake is an
 * error naming the method rather than a handler silently never called (or called against the
 * declared intent).
 */
final class HandlerDeclarations {

	private HandlerDeclarations() {
	}

	/**
	 * @param method an {@link OnEvent} method
	 * @return what is wrong with its declaration, or {@code null} if nothing is
	 */
	static @Nullable String problem(Method method) {
		if (Modifier.isStatic(method.getModifiers())) {
			return "an @OnEvent method is called on the translator bean: it must not be static";
		}
		if (Modifier.isPrivate(method.getModifiers())) {
			return "an @OnEvent method must not be private: it is called on the bean, through its proxy if it has "
					+ "one, which a private method bypasses; make it package-private, protected or public";
		}
		if (method.getReturnType() != void.class) {
			return "an @OnEvent method must return void: eventwire would ignore the " + method.getReturnType().getName()
					+ " it returns (to publish a follow-up event, use EventPublisher or EventOutbox in the handler)";
		}
		return null;
	}

	/**
	 * Check what can be checked of a translator class without its bean: it declares handlers, each
	 * with an event type, callable, returning nothing, taking the payload and optionally metadata.
	 * @param translatorClass a class annotated {@link EventTranslator}
	 * @throws InvalidEventHandlerException for the first mistake
	 */
	static void checkTranslator(Class<?> translatorClass) {
		Map<Method, OnEvent> methods = handlerMethods(translatorClass);
		if (methods.isEmpty()) {
			throw new InvalidEventHandlerException(translatorClass.getName(), null, "it declares no @OnEvent methods");
		}
		methods.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey((a, b) -> a.toGenericString().compareTo(b.toGenericString())))
			.forEach((entry) -> {
				String problem = problem(entry.getKey(), entry.getValue());
				if (problem != null) {
					throw new InvalidEventHandlerException(translatorClass.getName(),
							EventHandlerMethod.describe(entry.getKey()), problem);
				}
			});
	}

	static Map<Method, OnEvent> handlerMethods(Class<?> userClass) {
		return MethodIntrospector.selectMethods(userClass, (MethodIntrospector.MetadataLookup<OnEvent>) (
				method) -> AnnotatedElementUtils.findMergedAnnotation(method, OnEvent.class));
	}

	private static @Nullable String problem(Method method, OnEvent onEvent) {
		if (onEvent.value() == null || onEvent.value().isBlank()) {
			return "@OnEvent needs a non-blank event type";
		}
		if (onEvent.version() < 1) {
			return "@OnEvent's version must be 1 or more, not " + onEvent.version();
		}
		String malformed = EventTypes.malformation(onEvent.value());
		if (malformed != null) {
			// No record could be dispatched to it: the dispatcher refuses such a type header.
			return "@OnEvent's value is no event type (" + malformed + ")";
		}
		String problem = problem(method);
		if (problem != null) {
			return problem;
		}
		Class<?>[] types = method.getParameterTypes();
		if (types.length == 0 || types[0] == EventMetadata.class) {
			return "an @OnEvent method needs the payload as its first parameter";
		}
		if (types.length > 2 || (types.length == 2 && types[1] != EventMetadata.class)) {
			return "an @OnEvent method takes the payload and optionally EventMetadata, nothing else";
		}
		return null;
	}

	/**
	 * @param beanFactory the application's beans
	 * @throws InvalidEventHandlerException for the first {@link OnEvent} method on a bean that is not
	 * an {@link EventTranslator}: it would never be called
	 */
	static void checkNoStrayHandlers(ListableBeanFactory beanFactory) {
		check(beanFactory, false);
	}

	/**
	 * Check every bean's handler declarations from its type alone, creating no bean.
	 * @param beanFactory the application's beans
	 * @throws InvalidEventHandlerException for the first mistake
	 */
	static void checkAll(ListableBeanFactory beanFactory) {
		check(beanFactory, true);
	}

	private static void check(ListableBeanFactory beanFactory, boolean translators) {
		for (String beanName : beanFactory.getBeanDefinitionNames()) {
			Class<?> type = beanFactory.getType(beanName, false);
			if (type == null || !AnnotationUtils.isCandidateClass(type, OnEvent.class)) {
				continue;
			}
			Class<?> userClass = ClassUtils.getUserClass(type);
			if (AnnotatedElementUtils.hasAnnotation(userClass, EventTranslator.class)) {
				if (translators) {
					checkTranslator(userClass);
				}
				continue;
			}
			Map<Method, OnEvent> methods;
			try {
				methods = handlerMethods(userClass);
			}
			catch (Throwable ex) {
				// Its methods name classes that are not there (an optional dependency the application
				// lacks): nothing can call them, so none is a handler. Spring's own @EventListener
				// processing passes such classes over too.
				continue;
			}
			if (!methods.isEmpty()) {
				Method method = methods.keySet().iterator().next();
				throw new InvalidEventHandlerException(userClass.getName(), EventHandlerMethod.describe(method),
						"@OnEvent only works on beans annotated @EventTranslator(topics = ...), which bean '" + beanName
								+ "' is not: the method would never be called");
			}
		}
	}

}
