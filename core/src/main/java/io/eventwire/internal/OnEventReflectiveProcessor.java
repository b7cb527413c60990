package io.eventwire.internal;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.ReflectiveProcessor;
import org.springframework.core.MethodParameter;

/**
 * The reflection an {@link io.eventwire.OnEvent @OnEvent} method needs in a native image: the
 * method is invoked reflectively, and its payload type is bound by Jackson (as spring-kafka does
 * for {@code @KafkaListener} payloads). Spring's AOT processing finds the methods of every bean;
 * not for use by applications.
 */
public class OnEventReflectiveProcessor implements ReflectiveProcessor {

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public void registerReflectionHints(ReflectionHints hints, AnnotatedElement element) {
		if (element instanceof Method method) {
			hints.registerMethod(method, ExecutableMode.INVOKE);
			// The payload, and the metadata type when declared: binding hints for both.
			for (int i = 0; i < method.getParameterCount(); i++) {
				this.bindings.registerReflectionHints(hints,
						MethodParameter.forExecutable(method, i).getGenericParameterType());
			}
		}
	}

}
