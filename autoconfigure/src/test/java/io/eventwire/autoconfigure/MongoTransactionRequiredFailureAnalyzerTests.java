package io.eventwire.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class MongoTransactionRequiredFailureAnalyzerTests {

	@Test
	void saysWhichPropertyAsksForTransactionsAndWhatToDeclare() {
		FailureAnalysis analysis = new MongoTransactionRequiredFailureAnalyzer()
			.analyze(new BeanCreationException("eventInbox", "failed",
					new MongoTransactionRequiredException("eventwire.consumer.deduplication.transactional")));

		assertThat(analysis.getDescription()).contains("eventwire.consumer.deduplication.transactional=true",
				"no MongoTransactionManager");
		assertThat(analysis.getAction()).contains("new MongoTransactionManager(mongoDatabaseFactory)", "replica set",
				"eventwire.consumer.deduplication.transactional=false");
	}

}
