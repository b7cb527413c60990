package io.eventwire.samples.orders;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.MongoTransactionManager;

/**
 * With {@code orders.transactions=true} (MongoDB as a replica set, as in compose.yaml) an order and
 * its event are written in one transaction. The embedded demo's MongoDB-wire server has no
 * transactions, so there the two writes are separate (eventwire warns about it at startup).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("orders.transactions")
class TransactionConfiguration {

	@Bean
	MongoTransactionManager transactionManager(MongoDatabaseFactory databaseFactory) {
		return new MongoTransactionManager(databaseFactory);
	}

}
