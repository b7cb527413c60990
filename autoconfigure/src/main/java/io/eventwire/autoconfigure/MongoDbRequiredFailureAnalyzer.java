package io.eventwire.autoconfigure;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Explains a start that failed because the application asked for the outbox or the inbox without
 * MongoDB: a {@link MongoDbRequiredException}, or a missing outbox or inbox bean while MongoDB is
 * not on the class path (a Kafka-only application). Ahead of Boot's analyzer of missing beans,
 * whose list of unmatched conditions does not say what to add.
 */
class MongoDbRequiredFailureAnalyzer implements FailureAnalyzer, Ordered {

	private static final String MONGO_OPERATIONS = "org.springframework.data.mongodb.core.MongoOperations";

	private static final Set<String> MONGO_BACKED_TYPES = Set.of("io.eventwire.outbox.EventOutbox",
			"io.eventwire.outbox.MongoEventOutbox", "io.eventwire.outbox.OutboxRelay",
			"io.eventwire.outbox.OutboxDaoFactory", "io.eventwire.consume.EventInbox",
			"io.eventwire.consume.MongoEventInbox");

	private static final String ACTION = "Add org.springframework.boot:spring-boot-starter-data-mongodb to the "
			+ "application and point spring.mongodb.uri at its database, or remove what asks for it: eventwire "
			+ "runs without MongoDB, with handlers, publishing, retries and the dead-letter queue, but without the "
			+ "outbox and the inbox.";

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof MongoDbRequiredException required) {
				return new FailureAnalysis(required.getMessage(), ACTION, required);
			}
			if (cause instanceof NoSuchBeanDefinitionException missing && isMongoBacked(missing)
					&& !ClassUtils.isPresent(MONGO_OPERATIONS, getClass().getClassLoader())) {
				String type = missing.getBeanType().getSimpleName();
				return new FailureAnalysis(type + " keeps its state in MongoDB, and MongoDB is not on the class path "
						+ "(spring-data-mongodb is missing), so eventwire has no " + type + ": " + missing.getMessage(),
						ACTION, missing);
			}
		}
		return null;
	}

	private static boolean isMongoBacked(NoSuchBeanDefinitionException missing) {
		return missing.getBeanType() != null && MONGO_BACKED_TYPES.contains(missing.getBeanType().getName());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
