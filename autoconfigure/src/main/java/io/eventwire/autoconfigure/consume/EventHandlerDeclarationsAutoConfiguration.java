package io.eventwire.autoconfigure.consume;

import io.eventwire.consume.EventHandlerDeclarationCheck;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Checks the {@link io.eventwire.OnEvent @OnEvent} declarations before any bean is created; also
 * in applications without translators, where a missing {@code @EventTranslator} would otherwise
 * leave the handlers silently uncalled.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "eventwire.enabled", matchIfMissing = true)
public final class EventHandlerDeclarationsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static EventHandlerDeclarationCheck eventHandlerDeclarationCheck() {
		return new EventHandlerDeclarationCheck();
	}

}
