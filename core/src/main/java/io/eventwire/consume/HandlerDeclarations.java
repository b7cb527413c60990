package io.eventwire.consume;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;

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
	 * @param beanFactory the application's beans
	 * @throws InvalidEventHandlerException for the first {@link OnEvent} method on a bean that is not
	 * an {@link EventTranslator}: it would never be called
	 */
	static void checkNoStrayHandlers(ListableBeanFactory beanFactory) {
		for (String beanName : beanFactory.getBeanDefinitionNames()) {
			Class<?> type = beanFactory.getType(beanName, false);
			if (type == null || !AnnotationUtils.isCandidateClass(type, OnEvent.class)) {
				continue;
			}
			Class<?> userClass = ClassUtils.getUserClass(type);
			if (AnnotatedElementUtils.hasAnnotation(userClass, EventTranslator.class)) {
				continue;
			}
			Map<Method, OnEvent> methods = MethodIntrospector.selectMethods(userClass,
					(MethodIntrospector.MetadataLookup<OnEvent>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, OnEvent.class));
			if (!methods.isEmpty()) {
				Method method = methods.keySet().iterator().next();
				throw new InvalidEventHandlerException(userClass.getName(), EventHandlerMethod.describe(method),
						"@OnEvent only works on beans annotated @EventTranslator(topics = ...), which bean '" + beanName
								+ "' is not: the method would never be called");
			}
		}
	}

}
