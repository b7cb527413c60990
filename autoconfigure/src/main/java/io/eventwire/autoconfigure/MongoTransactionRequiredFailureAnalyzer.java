package io.eventwire.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start that failed because a property asks for MongoDB transactions and there is no
 * {@code MongoTransactionManager}.
 */
class MongoTransactionRequiredFailureAnalyzer extends AbstractFailureAnalyzer<MongoTransactionRequiredException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MongoTransactionRequiredException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Declare a MongoTransactionManager bean (new MongoTransactionManager(mongoDatabaseFactory)); MongoDB must "
						+ "run as a replica set or a sharded cluster for transactions. Or set " + cause.property()
						+ "=false.",
				cause);
	}

}
