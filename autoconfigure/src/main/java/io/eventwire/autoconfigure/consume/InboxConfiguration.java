package io.eventwire.autoconfigure.consume;

import java.time.Clock;

import io.eventwire.autoconfigure.EventwireProperties;
import io.eventwire.autoconfigure.MongoTransactionRequiredException;
import io.eventwire.consume.EventInbox;
import io.eventwire.consume.MongoEventInbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoTransactionManager;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox ({@code eventwire.consumer.deduplication.enabled}) in MongoDB. Handlers run inside a
 * MongoDB transaction with their inbox record only when the application asks for it
 * ({@code eventwire.consumer.deduplication.transactional}), which needs a MongoTransactionManager.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.data.mongodb.core.MongoOperations")
@ConditionalOnBooleanProperty("eventwire.consumer.deduplication.enabled")
class InboxConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(InboxConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(MongoOperations.class)
	EventInbox eventInbox(MongoOperations mongo, EventwireProperties properties,
			ObjectProvider<MongoTransactionManager> transactionManager) {
		EventwireProperties.Deduplication deduplication = properties.consumer().deduplication();
		TransactionTemplate transactions = null;
		if (deduplication.transactional()) {
			MongoTransactionManager manager = transactionManager.getIfUnique();
			if (manager == null) {
				throw new MongoTransactionRequiredException("eventwire.consumer.deduplication.transactional");
			}
			transactions = new TransactionTemplate(manager);
			logger.info("Each handler runs inside a MongoDB transaction with its inbox record "
					+ "(eventwire.consumer.deduplication.transactional): its MongoDB writes commit with the record, and "
					+ "MongoDB aborts a transaction older than its transactionLifetimeLimitSeconds (60 s by default)");
		}
		return new MongoEventInbox(mongo, deduplication.collection(), deduplication.retention(), Clock.systemUTC(),
				transactions);
	}

}
