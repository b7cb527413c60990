package io.eventwire.consume;

import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;

/**
 * Checks how {@link OnEvent @OnEvent} methods are declared before any bean is created, so that a
 * mistake fails the startup at once, before anything connects to Kafka (which, with the broker
 * away, would otherwise come first and take its timeouts): handlers on beans that are not
 * {@link EventTranslator @EventTranslator}s, and handlers that are private, static, return a value,
 * or take the wrong parameters. What depends on configuration (topic names, consumer groups, two
 * handlers for one type) is checked when the translators are discovered.
 */
public final class EventHandlerDeclarationCheck implements BeanFactoryPostProcessor, Ordered {

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		HandlerDeclarations.checkAll(beanFactory);
	}

	@Override
	public int getOrder() {
		// After the post-processors that add or change bean definitions.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
