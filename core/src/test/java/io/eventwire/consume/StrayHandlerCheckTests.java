package io.eventwire.consume;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The check for {@code @OnEvent} methods outside translators looks at every bean's class. A class
 * whose methods name a class that is not there (an optional dependency the application lacks,
 * such as Spring Boot's audit listener for Spring Security events) cannot be looked into; it is
 * passed over, as Spring's own {@code @EventListener} processing does, rather than stopping the
 * startup with an error about a library the application does not use.
 */
class StrayHandlerCheckTests {

	@Test
	void aBeanWhoseMethodsNameAMissingClassIsPassedOver() throws Exception {
		Class<?> lacking = new WithoutOptional().loadClass(Listener.class.getName());
		assertThatThrownBy(lacking::getDeclaredMethods).isInstanceOf(NoClassDefFoundError.class);
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerBeanDefinition("listener", new RootBeanDefinition(lacking));

		assertThatCode(() -> HandlerDeclarations.checkNoStrayHandlers(beans)).doesNotThrowAnyException();
	}

	@Test
	void aStrayHandlerIsStillFound() {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerBeanDefinition("stray", new RootBeanDefinition(Stray.class));

		assertThatThrownBy(() -> HandlerDeclarations.checkNoStrayHandlers(beans))
			.isInstanceOf(InvalidEventHandlerException.class)
			.hasMessageContaining("@OnEvent only works on beans annotated @EventTranslator");
	}

	/** An optional library's type. */
	static class Optional {

	}

	/** A bean with a method that takes the optional type. */
	public static class Listener {

		public void on(Optional event) {
		}

	}

	static class Stray {

		@io.eventwire.OnEvent("x")
		void on(String event) {
		}

	}

	/** Defines {@link Listener} itself, and has no {@link Optional}. */
	static class WithoutOptional extends ClassLoader {

		WithoutOptional() {
			super(StrayHandlerCheckTests.class.getClassLoader());
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (name.equals(Optional.class.getName())) {
				throw new ClassNotFoundException(name);
			}
			if (!name.equals(Listener.class.getName())) {
				return super.loadClass(name, resolve);
			}
			try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
				byte[] bytes = in.readAllBytes();
				return defineClass(name, bytes, 0, bytes.length);
			}
			catch (IOException ex) {
				throw new ClassNotFoundException(name, ex);
			}
		}

	}

}
